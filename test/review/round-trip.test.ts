import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Report } from '../../src/model/findings.js';
import { CampaignFile } from '../../src/review/campaign-file.js';
import { ROOT, demarc, tempDir } from '../helpers/cli.js';

/**
 * An access review campaign on the demo estate as a compliance team runs it: create the worksheets,
 * let each reviewer fill theirs in a spreadsheet (one revoke, one line left open), import them, and
 * audit with the imported decisions as the only review records.
 */
const work = tempDir();
const demo = join(work, 'demo');
cpSync(join(ROOT, 'fixtures/demo'), demo, { recursive: true });
const config = join(demo, 'demarc.yaml');
const campaignDir = join(work, 'campaign');

type Row = Record<string, string>;
const readRows = (file: string): Row[] => parseCsv<Row>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: true });
const writeRows = (file: string, rows: Row[], bom = false): void => {
  const cols = Object.keys(rows[0]!);
  const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  writeFileSync(
    file,
    (bom ? '\uFEFF' : '') + [cols, ...rows.map((r) => cols.map((c) => r[c]!))].map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n',
  );
};

describe('an access review campaign from create to audit', () => {
  const created = demarc([
    'review',
    'create',
    '-c',
    config,
    '-s',
    join(demo, 'estate.snapshot.jsonl'),
    '--campaign',
    '2026-Q4',
    '--out',
    campaignDir,
    '--now',
    '2026-11-20T16:00:00Z',
  ]);
  const campaign = CampaignFile.parse(JSON.parse(readFileSync(join(campaignDir, 'campaign.json'), 'utf8')));

  it('lists every enabled in-scope holding once, with the reviewer the configuration names', () => {
    expect(created.code, created.stderr).toBe(0);
    // fixtures/demo/demarc.yaml: group owner (none in ot-ad), then E1014 for Grid Operations, then E1005.
    expect(campaign.items.map((i) => `${i.person} ${i.entitlement} -> ${i.reviewer}`)).toEqual([
      'E1002 OT-SCADA-Operators -> E1005',
      'E1002 OT-Jump-Host-Users -> E1005',
      'E1007 OT-Engineers -> E1005',
      'E1011 OT-Jump-Host-Users -> E1005',
      'E1012 OT-SCADA-Operators -> E1014',
      'E1012 OT-Engineers -> E1014',
      'E1012 OT-Jump-Host-Users -> E1014',
      'E1015 OT-Engineers -> E1014',
    ]);
    // Karen reaches the jump hosts from her IT account through a foreign security principal: the chain says so.
    expect(campaign.items.find((i) => i.person === 'E1011')!.granted_by).toMatch(
      /^kbell@corp\.cvpower\.example > S-1-5-21-.* > OT-Jump-Host-Users$/,
    );
    expect(campaign.reviewers.map((r) => [r.id, r.csv, r.rows])).toEqual([
      ['E1005', '2026-Q4-E1005.csv', 4],
      ['E1014', '2026-Q4-E1014.csv', 4],
    ]);
  });

  it('writes the campaign owner-only', () => {
    expect(statSync(campaignDir).mode & 0o777).toBe(0o700);
    for (const f of ['campaign.json', ...campaign.reviewers.flatMap((r) => [r.csv, r.html])])
      expect({ f, mode: statSync(join(campaignDir, f)).mode & 0o777 }).toEqual({ f, mode: 0o600 });
  });

  it('imports the completed worksheets, and the audit reports the revoke still held and the line left open', () => {
    // Erin keeps everything but Karen's jump-host access; Nora keeps Liam's and Omar's access but leaves
    // Liam's OT-Engineers open, and saves from a spreadsheet that adds a byte-order mark.
    const erin = readRows(join(campaignDir, '2026-Q4-E1005.csv')).map((r) =>
      r.person === 'E1011'
        ? { ...r, decision: 'Revoke', date: '2026-11-21', comment: 'IT account must not reach the OT jump hosts' }
        : { ...r, decision: 'keep', date: '2026-11-21' },
    );
    writeRows(join(campaignDir, '2026-Q4-E1005.csv'), erin);
    const nora = readRows(join(campaignDir, '2026-Q4-E1014.csv')).map((r) =>
      r.person === 'E1012' && r.entitlement === 'OT-Engineers' ? r : { ...r, decision: 'keep', date: '2026-11-22' },
    );
    writeRows(join(campaignDir, '2026-Q4-E1014.csv'), nora, true);

    const imported = demarc(['review', 'import', campaignDir, '--now', '2026-11-23T00:00:00Z']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('campaign 2026-Q4: 6 keep, 1 revoke, 0 unsure, 1 not reviewed');
    const reviews = join(campaignDir, 'reviews.csv');
    expect(statSync(reviews).mode & 0o777).toBe(0o600);
    expect(readRows(reviews).filter((r) => r.decision === 'revoke')).toEqual([
      {
        campaign: '2026-Q4',
        person: 'E1011',
        entitlement: 'OT-Jump-Host-Users',
        source: 'ot-ad',
        reviewer: 'E1005',
        decision: 'revoke',
        date: '2026-11-21',
        comment: 'IT account must not reach the OT jump hosts',
      },
    ]);

    // The imported file replaces the demo's own review records; audited live after the 30-day deadline.
    const cfg = parse(readFileSync(config, 'utf8'));
    cfg.sources.find((s: { id: string }) => s.id === 'access-reviews').file = reviews;
    writeFileSync(config, stringify(cfg));
    const audit = demarc(['audit', '-c', config, '-f', 'json', '--now', '2026-12-28T12:00:00Z']);
    expect(audit.stderr).not.toContain('not-evaluated');
    const report = Report.parse(JSON.parse(audit.stdout));
    const of = (rule: string): string[] => report.findings.filter((f) => f.ruleId === rule).map((f) => `${f.subject.id}: ${f.message}`);
    expect(of('CIP4-R43-002')).toEqual([
      'E1012: Liam Scott holds OT-Engineers (ot-ad) through account lscott-ot@ot.cvpower.example with no access review decision',
    ]);
    expect(of('CIP4-R43-003')).toEqual([
      expect.stringMatching(
        /^E1011: E1005 decided on 2026-11-21.* to revoke OT-Jump-Host-Users \(ot-ad\) from Karen Bell; account kbell@corp\.cvpower\.example still holds it after the 30-day deadline \(2026-12-21\)$/,
      ),
    ]);
    // The campaign assigned no self-review.
    expect(of('CIP4-R43-004')).toEqual([]);
    expect(report.rules.find((r) => r.ruleId === 'CIP4-R43-004')!.status).toBe('passed');
  });
});
