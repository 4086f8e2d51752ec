import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { collectSources } from '../../src/audit/collect.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { withHistory } from '../../src/baseline/audit-history.js';
import { loadConfig } from '../../src/config/load-config.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const NOW = new Date('2026-11-25T12:00:00Z');

/** The CIP additions to the demo configuration (added here unless the demo configuration already has them). */
const CIP_SOURCES = [
  {
    id: 'access-authorizations',
    kind: 'csv',
    records: 'authorizations',
    file: 'records/authorizations.csv',
    columns: { person: 'Employee ID', entitlement: 'Access Group', source: 'System', approver: 'Approved By', date: 'Approved On' },
  },
  { id: 'cip-training', kind: 'csv', records: 'training', file: 'records/training.csv' },
  { id: 'pra', kind: 'csv', records: 'pra', file: 'records/pra.csv' },
  { id: 'shared-accounts', kind: 'csv', records: 'shared-accounts', file: 'records/shared-accounts.csv' },
  { id: 'privilege-catalogue', kind: 'csv', records: 'privileges', file: 'records/privilege-catalogue.csv' },
  { id: 'tfe', kind: 'csv', records: 'tfe', file: 'records/tfe.csv' },
  { id: 'access-reviews', kind: 'csv', records: 'reviews', file: 'records/reviews.csv' },
];

async function demoAudit() {
  const dir = tempDir();
  cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
  const cfg = parse(readFileSync(join(dir, 'demarc.yaml'), 'utf8'));
  for (const s of CIP_SOURCES) if (!cfg.sources.some((x: { id: string }) => x.id === s.id)) cfg.sources.push(s);
  cfg.entitlementSets ??= {};
  cfg.entitlementSets['cip-access'] ??= [{ source: 'ot-ad', dnSubtree: 'OU=Groups,DC=ot,DC=cvpower,DC=example' }];
  if (!cfg.policies.includes('nerc-cip')) cfg.policies.push('nerc-cip');
  writeFileSync(join(dir, 'demarc.yaml'), stringify(cfg));
  const loaded = await withHistory(await loadConfig(join(dir, 'demarc.yaml')));
  const estate = await collectSources(loaded.config, {
    baseDir: loaded.baseDir,
    now: NOW,
    timeZone: loaded.config.timeZone,
    progress: () => {},
    log: () => {},
    env: {},
  });
  return (await runAudit(loaded, estate, NOW)).report;
}

describe('the demo estate with its CIP records', () => {
  it('reads every record and finds each planted case, and none of the near-misses', async () => {
    const report = await demoAudit();
    const cip = report.findings
      .filter((f) => f.pack === 'nerc-cip')
      .map((f) => `${f.ruleId} ${f.subject.id}`)
      .sort();
    expect(cip).toEqual([
      'CIP4-R23-001 E1007', // Grace: training 15 months and a day old (Liam's, exactly 15 months, is not)
      'CIP4-R35-001 E1011', // Karen: PRA 7 years and a day old (Liam's, exactly 7 years, is not)
      'CIP4-R41-001 E1007', // Grace: OT-Engineers without an authorisation
      'CIP4-R41-001 E1008', // Henry: authorised, but his account is disabled
      'CIP4-R41-001 authorizations:E1099|ot-ad|OT-SCADA-Operators', // E1099 is not in the roster
      'CIP4-R42-001 2026-Q2', // the run history (state/history) has runs on 17 February and 18 August 2026, none between
      'CIP4-R43-001 ot-engineers', // reviewed 2025-07-01
      'CIP4-R43-001 ot-historian-readonly', // not in the catalogue
      'CIP4-R43-002 E1012', // Liam: OT-Engineers left without a decision in campaign 2026-Q3
      'CIP4-R43-003 E1011', // Karen: "revoke" on 2026-10-02, her IT account still reaches OT-Jump-Host-Users
      'CIP4-R43-003 E1015', // Omar: "revoke" on 2026-10-06, still in OT-Engineers (Grace's "unsure" is no finding)
      'CIP4-R43-004 E1012', // Liam reviewed his own OT-SCADA-Operators in 2025-Q3
      'CIP4-R51-001 E1015', // Omar: terminated 2026-10-30, still in OT-Engineers
      'CIP4-R51-001 E1015', // ... and logged on 2026-11-02
      'CIP7-R52-001 ot-ops-console-7', // the console login still names Omar
      'CIP7-R52-001 shared-accounts:ot-ad|hmi-maint', // hmi-maint is not in the directory
      // PSO-Console, linked to ops-console-7 itself, beats the group-linked PSO-Operators (precedence 10):
      'CIP7-R55-001 ot-ad:CN=PSO-Console,CN=Password Settings Container,CN=System,DC=ot,DC=cvpower,DC=example', // 6 characters
      'CIP7-R55-001 ot-ad:CN=PSO-Console,CN=Password Settings Container,CN=System,DC=ot,DC=cvpower,DC=example', // no complexity
      'CIP7-R56-001 ot-bokafor', // Bob: password set 2025-06-15, due by 2026-09-15 (Grace's, 31 Aug 2025 local, is due 30 Nov)
      'CIP7-R57-001 ot-ad:CN=PSO-Console,CN=Password Settings Container,CN=System,DC=ot,DC=cvpower,DC=example', // never locks out
      // ops-console-7's password (2019) is not a finding: TFE-2024-031 covers R5.6.
    ]);
    expect(report.rules.filter((r) => r.pack === 'nerc-cip' && r.status !== 'passed' && r.status !== 'failed')).toEqual([]);
    const fingerprints = report.findings.map((f) => f.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });
});
