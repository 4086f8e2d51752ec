import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc, tempDir } from '../helpers/cli.js';

/** An audit of the demo estate at a fixed time, with more arguments. */
const auditDemo = (...args: string[]) =>
  demarc(['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--now', '2026-11-25T12:00:00Z', ...args]);

describe('demarc audit --evidence and demarc verify, through the CLI', () => {
  it('writes a bundle that verifies; verify exits 1 naming a changed file', () => {
    const dir = join(tempDir(), 'bundle');
    expect(auditDemo('--evidence', dir).code).toBe(1);
    const ok = demarc(['verify', dir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('VERIFIED');
    writeFileSync(join(dir, 'summary.md'), `${readFileSync(join(dir, 'summary.md'), 'utf8')} `);
    const bad = demarc(['verify', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('problem: changed file: summary.md');
  });

  it('puts the same findings document in the bundle whether or not --output wrote one first (it is then copied)', () => {
    const work = tempDir();
    const out = join(work, 'findings.json');
    const withOutput = join(work, 'with-output');
    const without = join(work, 'without');
    const a = auditDemo('-f', 'json', '-o', out, '--evidence', withOutput);
    expect(a.code, a.stderr).toBe(1);
    const b = auditDemo('--evidence', without);
    expect(b.code, b.stderr).toBe(1);
    const copied = readFileSync(join(withOutput, 'findings.json'));
    expect(copied.equals(readFileSync(out))).toBe(true);
    expect(copied.equals(readFileSync(join(without, 'findings.json')))).toBe(true);
    for (const dir of [withOutput, without]) expect(demarc(['verify', dir]).code).toBe(0);
  });

  it("with --baseline, the bundle holds the audit's own findings, not the --output document the baseline annotated", () => {
    const work = tempDir();
    const out = join(work, 'findings.json');
    const bundle = join(work, 'bundle');
    const r = auditDemo('--baseline', join(work, 'state'), '-f', 'json', '-o', out, '--evidence', bundle);
    expect(r.code, r.stderr).toBe(1);
    // The baseline stamps each finding of the printed document with the date it was first seen.
    expect(readFileSync(out, 'utf8')).toContain('"firstSeen"');
    expect(readFileSync(join(bundle, 'findings.json'), 'utf8')).not.toContain('"firstSeen"');
    const v = demarc(['verify', bundle]);
    expect(v.code, v.stdout).toBe(0);
  });
});
