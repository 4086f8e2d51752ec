import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Report } from '../../src/model/findings.js';
import { ROOT, demarc, tempDir } from '../helpers/cli.js';

/**
 * Worksheet cells a spreadsheet would run as formulas are written with a leading apostrophe (OWASP,
 * "CSV Injection": prefix cells starting with =, +, -, @, tab or CR with a single quote). Import undoes
 * exactly that guard, so a group named =OT-Engineers and a person named -Scott round-trip from create to
 * audit; a cell the reviewer changed is still refused.
 */
const work = tempDir();
const demo = join(work, 'demo');
cpSync(join(ROOT, 'fixtures/demo'), demo, { recursive: true });
const edit = (rel: string, from: string, to: string): void => {
  const p = join(demo, rel);
  writeFileSync(p, readFileSync(p, 'utf8').replace(from, to));
};
edit('estate/ot-ad.yaml', 'name: OT-Engineers', 'name: "=OT-Engineers"');
edit('hr-roster.csv', 'E1012,Liam Scott,', 'E1012,-Scott Liam,');
const config = join(demo, 'demarc.yaml');

type Row = Record<string, string>;
/** Rows with the cells exactly as in the file (apostrophes kept), as a spreadsheet shows a CSV it opened. */
const readRows = (file: string): Row[] => parseCsv<Row>(readFileSync(file, 'utf8'), { columns: true });
const writeRows = (file: string, rows: Row[]): void => {
  const cols = Object.keys(rows[0]!);
  const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  writeFileSync(file, [cols, ...rows.map((r) => cols.map((c) => r[c]!))].map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n');
};

const create = (out: string) =>
  demarc(['review', 'create', '-c', config, '--campaign', '2026-Q4', '--out', out, '--now', '2026-11-20T16:00:00Z']);
const importAt = (dir: string) => demarc(['review', 'import', dir, '--now', '2026-11-23T00:00:00Z']);
const NORA = '2026-Q4-E1014.csv';

describe('worksheet cells that look like formulas', () => {
  it('round-trip from create through import to the audit, with or without the apostrophe', () => {
    const dir = join(work, 'campaign');
    expect(create(dir).code).toBe(0);
    const text = readFileSync(join(dir, NORA), 'utf8');
    expect(text).toContain(",'=OT-Engineers,");
    expect(text).toContain(",'-Scott Liam,");
    // Nora keeps everything; her spreadsheet dropped the apostrophe of one cell when saving.
    let dropped = false;
    const rows = readRows(join(dir, NORA)).map((r) => {
      const out = { ...r, decision: 'keep', date: '2026-11-22' };
      if (!dropped && r.entitlement === "'=OT-Engineers") {
        dropped = true;
        return { ...out, entitlement: '=OT-Engineers' };
      }
      return out;
    });
    expect(dropped).toBe(true);
    writeRows(join(dir, NORA), rows);
    const erin = readRows(join(dir, '2026-Q4-E1005.csv')).map((r) => ({ ...r, decision: 'keep', date: '2026-11-21' }));
    writeRows(join(dir, '2026-Q4-E1005.csv'), erin);

    const imported = importAt(dir);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('campaign 2026-Q4: 8 keep, 0 revoke, 0 unsure, 0 not reviewed');
    // The record file keeps the guard, and the reviews reader undoes it.
    expect(readFileSync(join(dir, 'reviews.csv'), 'utf8')).toContain(",'=OT-Engineers,");

    const cfg = parse(readFileSync(config, 'utf8'));
    cfg.sources.find((s: { id: string }) => s.id === 'access-reviews').file = join(dir, 'reviews.csv');
    writeFileSync(join(demo, 'imported.yaml'), stringify(cfg));
    const audit = demarc(['audit', '-c', join(demo, 'imported.yaml'), '-f', 'json', '--now', '2026-11-25T12:00:00Z']);
    const report = Report.parse(JSON.parse(audit.stdout));
    // Every in-scope holding, =OT-Engineers included, has its decision: nothing is left unreviewed.
    expect(report.findings.filter((f) => f.ruleId === 'CIP4-R43-002').map((f) => f.message)).toEqual([]);
    expect(report.rules.find((r) => r.ruleId === 'CIP4-R43-002')!.status).toBe('passed');
  });

  it('are still refused when the reviewer changed them', () => {
    const dir = join(work, 'edited');
    expect(create(dir).code).toBe(0);
    const rows = readRows(join(dir, NORA));
    const i = rows.findIndex((r) => r.entitlement === "'=OT-Engineers");
    const j = rows.findIndex((r) => r.person_name === "'-Scott Liam" && r.entitlement !== "'=OT-Engineers");
    rows[i] = { ...rows[i]!, entitlement: "'=OT-Engineerz", decision: 'keep', date: '2026-11-22' };
    // One apostrophe more is not the guard undone: it is another value.
    rows[j] = { ...rows[j]!, person_name: "''-Scott Liam", decision: 'keep', date: '2026-11-22' };
    writeRows(join(dir, NORA), rows);
    const r = importAt(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`expected "=OT-Engineers" as issued, found "'=OT-Engineerz"`);
    expect(r.stderr).toContain(`expected "-Scott Liam" as issued, found "''-Scott Liam"`);
    expect(r.stderr).toContain(`${NORA}:${i + 2}`);
    expect(r.stderr).toContain(`${NORA}:${j + 2}`);
  });
});
