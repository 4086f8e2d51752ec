import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hostname, userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Report } from '../../src/model/findings.js';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc, tempDir } from '../helpers/cli.js';

const audit = (...extra: string[]) => demarc(['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--now', '2026-11-25T12:00:00Z', ...extra]);

describe('demarc audit on the demo estate', () => {
  const json = audit('--format', 'json');
  const report = Report.parse(JSON.parse(json.stdout));
  const open = (rule: string) =>
    report.findings
      .filter((f) => f.ruleId === rule && f.status === 'open')
      .map((f) => f.subject.id)
      .sort();

  it('exits 1 because the demo has violations at or above the threshold', () => {
    expect(json.code).toBe(1);
    expect(report.complete).toBe(true);
  });

  it('finds every planted segregation violation and none of the near-misses', () => {
    // Bob (OT account), Carol (nested IT-tenant group), Erin (PIM-eligible role), Grace (beyond allowance),
    // Karen (foreign security principal), Mia (primary group; her exception expired).
    expect(open('HYB-SEP-001')).toEqual(['E1002', 'E1003', 'E1005', 'E1007', 'E1011', 'E1013']);
    // Alice (IT only), Frank (allowed read-only roles), Henry (disabled), Irene (expired), Jack (distribution
    // and Microsoft 365 groups), Liam (not SOC staff) hold no violation.
    for (const nearMiss of ['E1001', 'E1006', 'E1008', 'E1009', 'E1010', 'E1012']) {
      expect(report.findings.some((f) => f.ruleId === 'HYB-SEP-001' && f.subject.id === nearMiss)).toBe(false);
    }
  });

  it('keeps the excepted finding with its exception, and reports expired and stale exceptions', () => {
    const dan = report.findings.find((f) => f.subject.id === 'E1004')!;
    expect(dan.status).toBe('excepted');
    expect(dan.exception).toMatchObject({ id: 'EXC-2026-014', approver: 'CISO (R. Patel)', ticket: 'CHG-48213' });
    expect(report.findings.filter((f) => f.kind === 'exception-expired').map((f) => f.subject.id)).toEqual(['EXC-2026-003']);
    expect(report.findings.filter((f) => f.kind === 'exception-stale').map((f) => f.subject.id)).toEqual(['EXC-2025-090']);
  });

  it('flags the tool, directory and attribution violations, not the OT tool correctly in the OT tenant', () => {
    expect(open('HYB-TOOL-001')).toEqual(['E1014', 'T-ASSET', 'T-EDR', 'T-HIST', 'T-HIST', 'T-RAB', 'it-entra']);
    expect(open('HYB-DIR-001')).toEqual(['it-ad', 'ot-entra']);
    expect(open('HYB-COR-001')).toEqual(['ot-shift-lead', 'ot-tempvendor01']);
    expect(open('HYB-SEP-002')).toEqual(['ot-svc-otasset']);
  });

  it('explains each violation with the membership chain that proves it', () => {
    const carol = report.findings.find((f) => f.subject.id === 'E1003')!;
    const ot = carol.chains.find((c) => c.zone === 'ot')!;
    expect(ot.steps.map((s) => s.name)).toEqual([
      'Carol Diaz',
      'carol.diaz@cvpower.example',
      'SOC-OnCall',
      'SOC-Escalation',
      'OT-RemoteAccess-Users',
    ]);
    expect(ot.steps.slice(2).map((s) => s.via)).toEqual(['member', 'member', 'member']);
    const table = audit();
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(
      'member of group SOC-OnCall [it-entra] -> member of group SOC-Escalation [it-entra] -> member of group OT-RemoteAccess-Users [it-entra] => ot',
    );
    expect(table.stdout).toContain('Summary: 40 open');
  });

  it('gives each finding a fingerprint that is stable across runs', () => {
    const again = Report.parse(JSON.parse(audit('--format', 'json').stdout));
    expect(again.findings.map((f) => f.fingerprint)).toEqual(report.findings.map((f) => f.fingerprint));
    expect(new Set(report.findings.map((f) => f.fingerprint)).size).toBe(report.findings.length);
  });

  it('exits 0 when the threshold is above every open finding, and writes owner-only files', () => {
    const dir = tempDir();
    const out = join(dir, 'findings.json');
    const r = demarc([
      'audit',
      '-c',
      DEMO_CONFIG,
      '-s',
      DEMO_SNAPSHOT,
      '--format',
      'json',
      '--output',
      out,
      '--fail-on',
      'critical',
      '--now',
      '2026-11-25T12:00:00Z',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(Report.parse(JSON.parse(readFileSync(out, 'utf8'))).summary.open).toBe(40); // 31, the four CIP-007-6 R5 findings of test/cip/demo-records.test.ts, the four CIP-004-7 R4.3 review findings and the quarter without a verification run (CIP-004-7 R4.2)
  });

  it('the committed demo snapshot is what collecting the demo sources gives', () => {
    const dir = tempDir();
    const out = join(dir, 'estate.jsonl');
    const r = demarc(['collect', '-c', DEMO_CONFIG, '-o', out, '--now', '2026-11-20T06:10:00Z']);
    expect(r.code).toBe(0);
    // The header names who collected (user and host), which the committed file cannot know.
    const [header, ...rest] = readFileSync(out, 'utf8').split('\n');
    const { collectedBy, ...fixed } = JSON.parse(header!) as { collectedBy?: { user: string; host: string } };
    expect(collectedBy).toEqual({ user: userInfo().username, host: hostname() });
    expect([JSON.stringify(fixed), ...rest].join('\n')).toBe(readFileSync(DEMO_SNAPSHOT, 'utf8'));
  });

  it('audits live from the configured sources when no snapshot is given', () => {
    const r = demarc(['audit', '-c', DEMO_CONFIG, '--format', 'json', '--now', '2026-11-25T12:00:00Z']);
    expect(r.code).toBe(1);
    const live = Report.parse(JSON.parse(r.stdout));
    expect(live.findings.map((f) => f.fingerprint)).toEqual(report.findings.map((f) => f.fingerprint));
  });
});
