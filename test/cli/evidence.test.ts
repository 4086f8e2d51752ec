import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc, tempDir } from '../helpers/cli.js';

describe('demarc audit --evidence and demarc verify, through the CLI', () => {
  it('writes a bundle that verifies; verify exits 1 naming a changed file', () => {
    const dir = join(tempDir(), 'bundle');
    expect(demarc(['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--now', '2026-11-25T12:00:00Z', '--evidence', dir]).code).toBe(1);
    const ok = demarc(['verify', dir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('VERIFIED');
    writeFileSync(join(dir, 'summary.md'), `${readFileSync(join(dir, 'summary.md'), 'utf8')} `);
    const bad = demarc(['verify', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('problem: changed file: summary.md');
  });
});
