import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Plan } from '../../src/check/plan-schema.js';
import { RemediationReport } from '../../src/remediate/remediation-schema.js';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc, tempDir } from '../helpers/cli.js';

const NOW = '2026-11-25T12:00:00Z';
const dir = tempDir();
/** The demo's SOC analysts work in IT: their OT access is what goes. */
const run = (format: string) => {
  const out = join(dir, `plans.${format}`);
  const r = demarc([
    'remediate',
    '-c',
    DEMO_CONFIG,
    '-s',
    DEMO_SNAPSHOT,
    '--now',
    NOW,
    '--home-zone',
    'soc-staff=it',
    '-f',
    format,
    '-o',
    out,
  ]);
  return { ...r, out, text: readFileSync(out, 'utf8') };
};

describe('demarc remediate on the demo estate (built CLI)', () => {
  const json = run('json');
  const report = RemediationReport.parse(JSON.parse(json.text));
  const bySubject = (rule: string, id: string) => report.remediations.find((r) => r.ruleId === rule && r.subject.id === id)!;

  it('exits 1: every plan is proven, and Mia’s primary group leaves her finding without one', () => {
    expect(json.stderr).toBe('');
    expect(json.code).toBe(1);
    expect(report.remediations.filter((r) => r.status === 'proof-failed')).toEqual([]);
    expect(report.together?.introduced).toEqual([]);
  });

  // The planted separation findings (see test/cli/demo-audit.test.ts and fixtures/demo/README.md).
  it('plans each planted separation finding with the removal that the chain calls for', () => {
    // Bob: his ot-ad account is an OT credential by itself (OT counts accounts): disable it.
    expect(bySubject('HYB-SEP-001', 'E1002').plan!.disableAccounts).toEqual(['ot-ad:ot-bokafor']);
    // Carol: nested IT-tenant groups; the nesting into the OT group is what only she uses.
    const carol = bySubject('HYB-SEP-001', 'E1003');
    expect(carol.plan!.removeMembers).toHaveLength(1);
    expect(carol.steps[0]!.text).toMatch(/^remove group SOC-Escalation from group OT-RemoteAccess-Users in it-entra/);
    expect(carol.steps[0]!.commands[0]!.text).toMatch(/^DELETE https:\/\/graph\.microsoft\.com\/v1\.0\/groups\/.+\/members\/.+\/\$ref$/);
    // Erin: PIM-eligible OT role.
    expect(bySubject('HYB-SEP-001', 'E1005').plan!.removeRoles).toMatchObject([{ state: 'eligible' }]);
    // Grace: beyond the allowance is her OT account itself (her allowed Global Reader stays).
    expect(bySubject('HYB-SEP-001', 'E1007').plan!.disableAccounts).toEqual(['ot-ad:ot-gpark']);
    // Karen: a foreign security principal; removed by naming her IT account.
    expect(bySubject('HYB-SEP-001', 'E1011').plan!.removeMembers).toEqual([
      { group: expect.stringMatching(/^ot-ad:/), member: expect.stringMatching(/^it-ad:/) },
    ]);
    expect(bySubject('HYB-SEP-001', 'E1011').followUps).toHaveLength(1);
    // Mia: primary group, which no member removal changes.
    const mia = bySubject('HYB-SEP-001', 'E1013');
    expect(mia.status).toBe('no-cut');
    expect(mia.blocking![0]!.reason).toMatch(/primary group/);
    // Dan's finding is excepted: no plan unless asked.
    expect(report.skipped.map((s) => s.reason)).toContain('excepted (use --include-excepted to plan it)');
  });

  it('plans the tool and trust findings that a removal clears, and says why the others are not removals', () => {
    const tools = report.remediations.filter((r) => r.ruleId === 'HYB-TOOL-001');
    const nora = tools.find((r) => r.subject.type === 'person')!;
    expect(nora.plan!.removeOwners).toHaveLength(1);
    expect(nora.steps[0]!.commands[0]!.text).toMatch(/servicePrincipals\/.+\/owners\/.+\/\$ref/);
    const asset = tools.find((r) => r.message.includes('holds entitlements in'))!;
    expect(asset.plan!.removeMembers).toEqual([{ group: expect.stringMatching(/^it-ad:/), member: expect.stringMatching(/^ot-ad:/) }]);
    for (const r of tools.filter((t) => t !== nora && t !== asset)) expect(r.status).toBe('not-a-removal');
    const trusts = report.remediations.filter((r) => r.ruleId === 'HYB-DIR-001');
    expect(trusts.map((r) => r.plan!.removeLinks.length)).toEqual([1, 1]);
  });

  // Each page checked for the syntax the commands use (see src/remediate/admin-commands.ts).
  const LEARN = new Set([
    'https://learn.microsoft.com/en-us/powershell/module/activedirectory/remove-adgroupmember',
    'https://learn.microsoft.com/en-us/graph/api/group-delete-members',
    'https://learn.microsoft.com/en-us/graph/api/rbacapplication-post-roleeligibilityschedulerequests',
    'https://learn.microsoft.com/en-us/graph/api/rbacapplication-post-roleassignmentschedulerequests',
    'https://learn.microsoft.com/en-us/graph/api/privilegedaccessgroup-post-eligibilityschedulerequests',
    'https://learn.microsoft.com/en-us/graph/api/privilegedaccessgroup-post-assignmentschedulerequests',
    'https://learn.microsoft.com/en-us/graph/api/group-delete-owners',
    'https://learn.microsoft.com/en-us/graph/api/serviceprincipal-delete-owners',
    'https://learn.microsoft.com/en-us/graph/api/application-delete-owners',
    'https://learn.microsoft.com/en-us/powershell/module/activedirectory/set-adgroup',
    'https://learn.microsoft.com/en-us/powershell/module/activedirectory/disable-adaccount',
    'https://learn.microsoft.com/en-us/graph/api/user-update',
    'https://learn.microsoft.com/en-us/dotnet/api/system.directoryservices.activedirectory.domain.deletelocalsideoftrustrelationship',
    'https://learn.microsoft.com/en-us/graph/api/crosstenantaccesspolicyconfigurationpartner-delete',
  ]);

  it('cites a checked Learn page for every command, and lists the authorisation records to withdraw as steps', () => {
    const docs = report.remediations.flatMap((r) => r.steps.flatMap((s) => s.commands.map((c) => c.doc)));
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) expect(LEARN).toContain(d);
    const karen = bySubject('HYB-SEP-001', 'E1011');
    expect(karen.followUps![0]!.text).toMatch(
      /^withdraw the authorisation record at .+ line \d+ for .+ in the CIP records \(CIP-004-7 R4\.1\)/,
    );
  });

  it('writes the table and Markdown in plain words with the commands as text', () => {
    const table = run('table');
    expect(table.code).toBe(1);
    expect(table.text).toContain(
      'remove group SOC-Escalation from group OT-RemoteAccess-Users in it-entra; this also removes ot access from 0 other identities',
    );
    expect(table.text).toContain("$ Remove-ADGroupMember -Identity 'CN=OT-Jump-Host-Users");
    expect(table.text).toContain('demarc does not run these commands');
    const md = run('markdown');
    expect(md.text).toMatch(/^# Remediation plans/);
    expect(md.text).toContain('([documentation](https://learn.microsoft.com/en-us/graph/api/group-delete-members))');
    expect(md.text).toContain('Blocking edges:');
  });

  it('writes a plan file that demarc check accepts unchanged and that re-proves every plan', () => {
    const plan = run('plan');
    expect(Plan.safeParse(parse(plan.text)).success).toBe(true);
    const check = demarc(['check', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--now', NOW, '--plan', plan.out, '-f', 'json']);
    // Nothing on stderr but the one-line result every check ends with.
    expect(check.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^demarc: the change introduces no open/)]);
    const result = JSON.parse(check.stdout) as { introduced: { fingerprint: string }[]; resolved: { fingerprint: string }[] };
    const planned = report.remediations.filter((r) => r.status === 'planned');
    expect(planned.length).toBe(10);
    expect(result.resolved.map((f) => f.fingerprint)).toEqual(expect.arrayContaining(planned.map((r) => r.fingerprint)));
    // What it introduces is exactly the authorisation records the plans say to withdraw.
    const followUps = planned.flatMap((r) => (r.followUps ?? []).map((x) => x.fingerprint)).sort();
    expect(result.introduced.map((f) => f.fingerprint).sort()).toEqual(followUps);
    expect(followUps).toHaveLength(2);
  });
});
