import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, formatCsv } from '../../src/report/formats/csv.js';
import { csvCellValue, csvField } from '../../src/util/escape.js';
import { FORMAT_OPTIONS, HOSTILE_FP, loadFixture } from './fixture.js';

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    // Already behind an apostrophe: one more, so that csvCellValue gives back exactly this value.
    ["'=x", "''=x"],
    ["'plain", "'plain"],
    ['', ''],
  ])('quotes %j as %j (RFC 4180, formula-safe)', (input, output) => {
    expect(csvField(input)).toBe(output);
    const cell = output.startsWith('"') ? output.slice(1, -1).replace(/""/g, '"') : output;
    expect(csvCellValue(cell)).toBe(input);
  });

  it('writes one row per finding that a CSV parser reads back field for field', () => {
    const report = loadFixture();
    const text = formatCsv(report, FORMAT_OPTIONS);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows: string[][] = parse(text, { relax_column_count: false });
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.findings.length + 1);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const hostile = rows.find((r) => r[col('fingerprint')] === HOSTILE_FP)!;
    const f = report.findings.find((x) => x.fingerprint === HOSTILE_FP)!;
    expect(hostile[col('message')]).toBe(f.message);
    expect(hostile[col('subject_name')]).toBe(`'${f.subject.name}`);
    expect(hostile[col('chains')]).toContain('OT & "Remote" <Access>');
    const excepted = report.findings.find((x) => x.status === 'excepted')!;
    const exRow = rows.find((r) => r[col('fingerprint')] === excepted.fingerprint)!;
    expect(exRow[col('status')]).toBe('excepted');
    expect(exRow[col('exception_reason')]).toBe(excepted.exception!.reason);
  });
});
