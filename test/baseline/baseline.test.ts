import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/run-audit.js';
import { applyBaseline } from '../../src/baseline/apply-baseline.js';
import { withHistory } from '../../src/baseline/audit-history.js';
import { exitCodeForNew } from '../../src/baseline/exit-codes.js';
import { writeReport } from '../../src/baseline/state-dir.js';
import { applyPlan } from '../../src/check/apply-plan.js';
import { Plan } from '../../src/check/plan-schema.js';
import { diffCommand } from '../../src/cli/diff-command.js';
import { loadConfig, type LoadedConfig } from '../../src/config/load-config.js';
import type { Estate } from '../../src/estate/estate.js';
import type { Report } from '../../src/model/findings.js';
import { readSnapshot } from '../../src/snapshot/read-snapshot.js';
import { runCommand } from '../check/run-command.js';

const T = ['2026-11-23T06:00:00.000Z', '2026-11-24T06:00:00.000Z', '2026-11-25T06:00:00.000Z'].map((t) => new Date(t));
let loaded: LoadedConfig;
let day1: Estate;
let day2: Estate;
let dir: string;

beforeAll(async () => {
  // The demo's run history (history.stateDir) is what CIP4-R42-001 reads; --baseline below is another directory.
  loaded = await withHistory(await loadConfig('fixtures/demo/demarc.yaml'));
  day1 = await readSnapshot('fixtures/demo/estate.snapshot.jsonl');
  // Day 2: Carol leaves the on-call rota (resolves her finding), a new analyst joins SOC-Escalation (new finding).
  const plan = Plan.parse({
    newPerson: { id: 'E1020', name: 'Pat Rivera', employeeId: 'E1020', department: 'Security Operations' },
    accounts: [{ source: 'it-entra', name: 'pat.rivera@cvpower.example' }],
    addMembers: [{ group: 'it-entra:SOC-Escalation' }],
  });
  const joined = applyPlan(day1, loaded.config, plan, T[1]!).estate;
  day2 = applyPlan(joined, loaded.config, Plan.parse({ person: 'E1003', removeMembers: [{ group: 'it-entra:SOC-OnCall' }] }), T[1]!).estate;
  dir = mkdtempSync(join(tmpdir(), 'demarc-baseline-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const audit = async (estate: Estate, now: Date): Promise<Report> => (await runAudit(loaded, estate, now)).report;
const keyOf = (f: { ruleId: string; subject: { name: string } }) => `${f.ruleId} ${f.subject.name}`;

describe('audit --baseline across three consecutive runs', () => {
  it('reports new and resolved findings, keeps firstSeen and a history, owner-only', async () => {
    const base = join(dir, 'state');
    const run1 = await applyBaseline(await audit(day1, T[0]!), base);
    expect(run1.previousRun).toBeUndefined();
    expect(run1.diff.new.length).toBe(run1.report.findings.length);
    expect(run1.report.findings.every((f) => f.firstSeen === T[0]!.toISOString())).toBe(true);
    expect(exitCodeForNew(run1.diff, true, 'high')).toBe(1);

    const run2 = await applyBaseline(await audit(day2, T[1]!), base);
    expect(run2.previousRun).toBe(T[0]!.toISOString());
    expect(run2.diff.new.map(keyOf)).toEqual(['HYB-SEP-001 Pat Rivera']);
    expect(run2.diff.resolved.map(keyOf)).toEqual(['HYB-SEP-001 Carol Diaz']);
    expect(run2.diff.unchanged.length).toBe(run1.report.findings.length - 1);
    const pat = run2.report.findings.find((f) => f.subject.name === 'Pat Rivera')!;
    expect(pat.firstSeen).toBe(T[1]!.toISOString());
    expect(run2.report.findings.filter((f) => f !== pat).every((f) => f.firstSeen === T[0]!.toISOString())).toBe(true);
    expect(exitCodeForNew(run2.diff, true, 'high')).toBe(1);

    const run3 = await applyBaseline(await audit(day2, T[2]!), base);
    expect(run3.diff.new).toEqual([]);
    expect(run3.diff.resolved).toEqual([]);
    expect(run3.report.findings.find((f) => f.subject.name === 'Pat Rivera')!.firstSeen).toBe(T[1]!.toISOString());
    expect(exitCodeForNew(run3.diff, true, 'high')).toBe(0);

    const history = readdirSync(join(base, 'history')).sort();
    expect(history).toEqual(['2026-11-23T060000Z.json', '2026-11-24T060000Z.json', '2026-11-25T060000Z.json']);
    expect(JSON.parse(readFileSync(join(base, 'latest.json'), 'utf8')).run.evaluatedAt).toBe(T[2]!.toISOString());
    for (const p of [base, join(base, 'history')]) expect(statSync(p).mode & 0o777).toBe(0o700);
    for (const p of ['latest.json', ...history.map((h) => `history/${h}`)]) expect(statSync(join(base, p)).mode & 0o777).toBe(0o600);
  });

  it('an incomplete run resolves nothing, does not become the baseline, and exits 3 with --fail-on-new', async () => {
    const base = join(dir, 'incomplete');
    await applyBaseline(await audit(day1, T[0]!), base);
    const partial = {
      ...day2,
      sources: day2.sources.map((s) =>
        s.id === 'it-entra'
          ? { ...s, complete: false, problems: [{ level: 'incomplete' as const, code: 'throttled', message: 'throttled out' }] }
          : s,
      ),
    };
    const run2 = await applyBaseline(await audit(partial, T[1]!), base);
    expect(run2.baselineUpdated).toBe(false);
    expect(run2.diff.resolved).toEqual([]);
    expect(exitCodeForNew(run2.diff, false, 'high')).toBe(3);
    expect(JSON.parse(readFileSync(join(base, 'latest.json'), 'utf8')).run.evaluatedAt).toBe(T[0]!.toISOString());
    expect(readdirSync(join(base, 'history'))).toHaveLength(2);
  });
});

describe('demarc diff', () => {
  it('compares three consecutive runs by fingerprint, as text and json, with --fail-on-new exit codes', async () => {
    const files = [join(dir, 'r1.json'), join(dir, 'r2.json'), join(dir, 'r3.json')];
    await writeReport(files[0]!, await audit(day1, T[0]!));
    await writeReport(files[1]!, await audit(day2, T[1]!));
    await writeReport(files[2]!, await audit(day2, T[2]!));

    const d12 = await runCommand(diffCommand, [files[0]!, files[1]!, '-f', 'json', '--fail-on-new']);
    expect(d12.code).toBe(1);
    const doc = JSON.parse(d12.out);
    expect(doc.new.map(keyOf)).toEqual(['HYB-SEP-001 Pat Rivera']);
    expect(doc.resolved.map(keyOf)).toEqual(['HYB-SEP-001 Carol Diaz']);
    expect(doc.summary.unchanged).toBeGreaterThan(10);

    const text = await runCommand(diffCommand, [files[0]!, files[1]!]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/New \(1\):\n\s+CRITICAL HYB-SEP-001\s+Pat Rivera holds credentials in it and ot/);
    expect(text.out).toContain('member of group SOC-Escalation [it-entra] -> member of group OT-RemoteAccess-Users');
    expect(text.out).toMatch(/Resolved \(1\):\n\s+CRITICAL HYB-SEP-001\s+Carol Diaz/);

    const d23 = await runCommand(diffCommand, [files[1]!, files[2]!, '--fail-on-new']);
    expect(d23.code).toBe(0);
    expect(d23.out).toContain('New: none');
  });

  it('a file that is not a findings document is an input error', async () => {
    const r = await runCommand(diffCommand, ['fixtures/demo/demarc.yaml', 'fixtures/demo/demarc.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not valid JSON/);
  });
});

describe('withBaseline (the audit --baseline step)', () => {
  it('logs new findings and decides the exit code from them only with --fail-on-new', async () => {
    const { withBaseline } = await import('../../src/baseline/audit-baseline.js');
    const base = join(dir, 'step');
    const logs: string[] = [];
    const log = (level: string, m: string) => logs.push(`${level}: ${m}`);
    const first = await withBaseline(await audit(day1, T[0]!), { baseline: base, failOnNew: true, failOn: 'high' }, T[0]!, log);
    expect(first.exitCode).toBe(1);
    const again = await withBaseline(await audit(day1, T[1]!), { baseline: base, failOnNew: true, failOn: 'high' }, T[1]!, log);
    expect(again.exitCode).toBe(0);
    expect(again.report.findings.every((f) => f.firstSeen === T[0]!.toISOString())).toBe(true);
    expect(logs.at(-1)).toMatch(/^info: 0 new, 0 resolved, \d+ unchanged findings \(since 2026-11-23T06:00:00.000Z\)/);
    const plain = await withBaseline(await audit(day1, T[2]!), { baseline: base, failOn: 'high' }, T[2]!, log);
    expect(plain.exitCode).toBeUndefined();
    await expect(withBaseline(await audit(day1, T[2]!), { failOnNew: true, failOn: 'high' }, T[2]!, log)).rejects.toThrow(
      /--fail-on-new needs --baseline/,
    );
  });
});
