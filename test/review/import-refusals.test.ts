import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc, tempDir } from '../helpers/cli.js';

/**
 * Import reads nothing it cannot trust: each damaged worksheet below exits 2 naming the file, line and
 * column and what was expected, and writes no reviews file.
 */
const base = join(tempDir(), 'campaign');
const created = demarc([
  'review',
  'create',
  '-c',
  DEMO_CONFIG,
  '-s',
  DEMO_SNAPSHOT,
  '--campaign',
  '2026-Q4',
  '--out',
  base,
  '--now',
  '2026-11-20T16:00:00Z',
]);
const ERIN = '2026-Q4-E1005.csv';
const NORA = '2026-Q4-E1014.csv';

/** A copy of the issued campaign with one worksheet's text changed, imported. */
function importEdited(file: string, edit: (lines: string[]) => string[]): { code: number; stderr: string; dir: string } {
  const dir = join(tempDir(), 'campaign');
  cpSync(base, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8').split('\r\n')).join('\r\n'));
  const r = demarc(['review', 'import', dir, '--now', '2026-11-23T00:00:00Z']);
  return { code: r.code, stderr: r.stderr, dir };
}
/** Sets the decision, date and comment cells of data line `n` (1 = first row after the header). */
const decide = (n: number, cells: string) => (lines: string[]) => lines.map((l, i) => (i === n ? l.replace(/,,,$/, `,${cells}`) : l));

describe('demarc review import refuses', () => {
  it('(the campaign is created)', () => expect(created.code, created.stderr).toBe(0));

  it.each([
    [
      'a fixed column changed',
      ERIN,
      (l: string[]) => l.map((x, i) => (i === 1 ? x.replace(',E1002,', ',E1003,') : x)),
      `${ERIN}:2:5 at column "person": expected "E1002" as issued, found "E1003"`,
    ],
    [
      'a row not issued',
      ERIN,
      (l: string[]) => [...l.slice(0, -1), l[1]!.replace('R0001', 'R0099'), ''],
      `${ERIN}:6:1 at column "row": row "R0099" was not issued in campaign 2026-Q4`,
    ],
    [
      'a row repeated',
      ERIN,
      (l: string[]) => [...l.slice(0, -1), l[1]!, ''],
      `${ERIN}:6:1 at column "row": row R0001 appears again (first on line 2)`,
    ],
    [
      'a row moved to another reviewer',
      NORA,
      (l: string[]) => [...l.slice(0, -1), l[1]!.replace('R0005', 'R0001'), ''],
      `${NORA}:6:1 at column "row": row R0001 was issued to E1005 (${ERIN}), not to this worksheet's reviewer`,
    ],
    [
      'a row deleted',
      ERIN,
      (l: string[]) => l.filter((_, i) => i !== 2),
      `${ERIN}: row R0002 (E1002, ot-ad:OT-Jump-Host-Users) is missing`,
    ],
    [
      'a decision it does not know',
      ERIN,
      decide(1, 'approve,2026-11-21,'),
      `${ERIN}:2:11 at column "decision": "approve" is not a decision`,
    ],
    ['a decision without a date', ERIN, decide(1, 'keep,,'), `${ERIN}:2:12 at column "date": a decision needs the date it was taken`],
    [
      'a date a spreadsheet reformatted',
      ERIN,
      decide(1, 'keep,11/21/2026,'),
      `${ERIN}:2:12 at column "date": "11/21/2026" is not a date written yyyy-mm-dd`,
    ],
    [
      'a date before the campaign',
      ERIN,
      decide(1, 'keep,2026-11-01,'),
      `${ERIN}:2:12 at column "date": 2026-11-01 is outside the campaign (created 2026-11-20, today 2026-11-22)`,
    ],
    [
      'an added column',
      ERIN,
      (l: string[]) => l.map((x, i) => (i === 0 ? `${x},notes` : x ? `${x},` : x)),
      `${ERIN}:1:14: unknown column(s) notes`,
    ],
  ])('%s', (_what, file, edit, message) => {
    const r = importEdited(file, edit);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(join(r.dir, 'reviews.csv'))).toBe(false);
  });

  it('every problem of every worksheet at once', () => {
    const dir = join(tempDir(), 'campaign');
    cpSync(base, dir, { recursive: true });
    for (const f of [ERIN, NORA]) {
      const p = join(dir, f);
      writeFileSync(p, decide(2, 'maybe,2026-11-21,')(readFileSync(p, 'utf8').split('\r\n')).join('\r\n'));
    }
    const r = demarc(['review', 'import', dir, '--now', '2026-11-23T00:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${ERIN}:3:11`);
    expect(r.stderr).toContain(`${NORA}:3:11`);
  });

  it('a campaign directory without campaign.json', () => {
    const r = demarc(['review', 'import', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('campaign.json: cannot read the campaign: ENOENT');
  });

  it('to create into a directory that is not empty', () => {
    const r = demarc(['review', 'create', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--campaign', '2026-Q4', '--out', base]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the output directory is not empty');
  });
});
