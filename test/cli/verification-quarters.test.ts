import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Report } from '../../src/model/findings.js';
import { DEMO_CONFIG, DEMO_SNAPSHOT, ROOT, demarc, tempDir } from '../helpers/cli.js';

// CIP-004-7 R4.2: "Verify at least once each calendar quarter that individuals with active electronic
// access or unescorted physical access have authorization records."
// https://www.nerc.com/pa/Stand/Reliability%20Standards/CIP-004-7.pdf
// The demo's time zone is America/Los_Angeles; its history (fixtures/demo/state/history) has runs on
// 18 November 2025, 17 February, 18 August and 20 October 2026: none in 2026-Q2.
const NOW = '2026-11-25T12:00:00Z';
const Q2 = 'no verification run in 2026-Q2 (2026-04-01 to 2026-06-30): the previous run was on 2026-02-17, the next on 2026-08-18';

const r42 = (report: Report) => ({
  rule: report.rules.find((r) => r.ruleId === 'CIP4-R42-001'),
  findings: report.findings.filter((f) => f.ruleId === 'CIP4-R42-001').map((f) => f.message),
});

/** The demo directory copied, with the configuration changed by `edit`. */
function demoCopy(edit: (cfg: Record<string, unknown>) => void): string {
  const dir = tempDir();
  cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
  const cfg = parse(readFileSync(join(dir, 'demarc.yaml'), 'utf8')) as Record<string, unknown>;
  edit(cfg);
  writeFileSync(join(dir, 'demarc.yaml'), stringify(cfg));
  return dir;
}

const auditJson = (config: string, ...extra: string[]) =>
  demarc(['audit', '-c', config, '-s', DEMO_SNAPSHOT, '-f', 'json', '--now', NOW, ...extra], { cwd: tempDir() });

describe('CIP4-R42-001 from the run history', () => {
  it('history.stateDir (relative to the configuration): the quarter without a run is a finding', () => {
    const r = auditJson(DEMO_CONFIG);
    expect(r.code, r.stderr).toBe(1);
    const got = r42(Report.parse(JSON.parse(r.stdout)));
    expect(got.rule?.status).toBe('failed');
    expect(got.findings).toEqual([Q2]);
  });

  it('--baseline DIR is read instead, before this run is stored in it', () => {
    const state = join(tempDir(), 'state');
    const audit = (now: string) =>
      demarc(['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '-f', 'json', '--baseline', state, '--now', now]);
    // A new directory is an empty history: the first run verifies its own quarter, nothing is missing.
    const first = audit('2026-02-10T15:00:00Z');
    expect(first.code, first.stderr).toBe(1);
    expect(r42(Report.parse(JSON.parse(first.stdout)))).toMatchObject({ rule: { status: 'passed' }, findings: [] });
    expect(audit('2026-08-10T15:00:00Z').code).toBe(1);
    const third = r42(Report.parse(JSON.parse(audit(NOW).stdout)));
    expect(third.findings).toEqual([
      'no verification run in 2026-Q2 (2026-04-01 to 2026-06-30): the previous run was on 2026-02-10, the next on 2026-08-10',
    ]);
  });

  it('with neither, the rule is not evaluated and the run exits 3', () => {
    const dir = demoCopy((cfg) => delete cfg.history);
    const r = auditJson(join(dir, 'demarc.yaml'));
    expect(r.code).toBe(3);
    expect(r42(Report.parse(JSON.parse(r.stdout))).rule).toMatchObject({ status: 'not-evaluated' });
    expect(r.stderr).toContain('rule CIP4-R42-001 not-evaluated: no run history: give `audit --baseline DIR`, or history.stateDir');
  });

  it('a configured history directory that does not exist is an input error naming it (exit 2)', () => {
    const dir = demoCopy((cfg) => (cfg.history = { stateDir: 'no-such-state' }));
    const r = auditJson(join(dir, 'demarc.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'no-such-state')} at history.stateDir: the history state directory does not exist`);
    expect(r.stdout).toBe('');
  });
});

describe('the evidence bundle carries the history', () => {
  it('history.json in the manifest; verify reproduces the finding and refuses a changed history', () => {
    const evidence = join(tempDir(), 'evidence');
    const r = demarc(['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--now', NOW, '--evidence', evidence]);
    expect(r.code, r.stderr).toBe(1);
    const manifestFile = join(evidence, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      history: { copy: string; runs: number; stateDir: string };
      files: { path: string; sha256: string; bytes: number }[];
    };
    expect(manifest.history).toEqual({ copy: 'history.json', stateDir: join(ROOT, 'fixtures/demo/state'), runs: 4 });
    const historyFile = join(evidence, 'history.json');
    const text = readFileSync(historyFile, 'utf8');
    const entry = manifest.files.find((f) => f.path === 'history.json');
    expect(entry?.sha256).toBe(createHash('sha256').update(text).digest('hex'));

    const ok = demarc(['verify', evidence]);
    expect(ok.code, ok.stdout).toBe(0);

    // A run added in 2026-Q2: the gap would vanish. The changed file is named...
    const history = JSON.parse(text) as { runs: { evaluatedAt: string; timeZone: string; verification: boolean }[] };
    history.runs.splice(2, 0, { evaluatedAt: '2026-05-12T15:00:00Z', timeZone: 'America/Los_Angeles', verification: true });
    const forged = `${JSON.stringify(history, null, 2)}\n`;
    writeFileSync(historyFile, forged);
    const changed = demarc(['verify', evidence]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('changed file: history.json');
    // ... and with the manifest rewritten to match (no signature protects it), re-evaluation disagrees.
    entry!.sha256 = createHash('sha256').update(forged).digest('hex');
    entry!.bytes = Buffer.byteLength(forged);
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const rewritten = demarc(['verify', evidence]);
    expect(rewritten.code).toBe(1);
    expect(rewritten.stdout).toContain(`finding not reproduced: CIP4-R42-001 quarter 2026-Q2`);
    expect(rewritten.stdout).toContain('rule CIP4-R42-001: bundle says failed/1/, re-evaluation gives passed/0/');
  });
});
