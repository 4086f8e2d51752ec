import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc, tempDir } from '../helpers/cli.js';

describe('demarc audit --baseline and demarc check, through the CLI', () => {
  it('a second run with --fail-on-new exits 0 when nothing is new', () => {
    const dir = tempDir();
    const args = ['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--baseline', join(dir, 'state'), '--fail-on-new', '--format', 'json'];
    expect(demarc([...args, '--now', '2026-11-25T12:00:00Z']).code).toBe(1);
    const second = demarc([...args, '--now', '2026-11-25T12:05:00Z']);
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as { findings: { firstSeen?: string }[] };
    expect(report.findings.every((f) => f.firstSeen === '2026-11-25T12:00:00.000Z')).toBe(true);
  });

  it('check is reachable and rejects an unknown group with exit 2', () => {
    const r = demarc(['check', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--person', 'E1001', '--add-member', 'it-entra:No-Such-Group']);
    expect(r.code, r.stderr).toBe(2);
  });
});
