import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureStateDir, historyName, pruneBefore } from '../../src/baseline/state-dir.js';
import { InputError } from '../../src/util/errors.js';

// CIP-004-7 and CIP-007-6, C.1.2 Evidence Retention: the Responsible Entity keeps data or evidence to
// show compliance for three calendar years (unless directed otherwise), so history inside that period
// is never deleted. https://www.nerc.com/pa/Stand/Reliability%20Standards/CIP-004-7.pdf
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function stateDir(times: string[]): Promise<{ dir: string; names: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'demarc-prune-'));
  dirs.push(dir);
  await ensureStateDir(dir);
  const names = times.map(historyName);
  for (const n of names) writeFileSync(join(dir, 'history', n), '{}');
  writeFileSync(join(dir, 'history', 'notes.txt'), 'not a run');
  writeFileSync(join(dir, 'latest.json'), '{}');
  return { dir, names };
}

describe('explicit history pruning (demarc baseline prune --before)', () => {
  it('deletes only the runs evaluated before the date, leaving other files and the baseline', async () => {
    const { dir } = await stateDir(['2021-06-30T23:59:59Z', '2022-12-31T23:59:00Z', '2023-01-01T00:00:00Z', '2026-11-20T06:10:00Z']);
    const deleted = await pruneBefore(dir, '2023-01-01', new Date('2026-11-25T12:00:00Z'));
    expect(deleted).toEqual(['2021-06-30T235959Z.json', '2022-12-31T235900Z.json']);
    expect(readdirSync(join(dir, 'history')).sort()).toEqual(['2023-01-01T000000Z.json', '2026-11-20T061000Z.json', 'notes.txt']);
    expect(existsSync(join(dir, 'latest.json'))).toBe(true);
  });

  it('refuses a date inside the three calendar years, by calendar date', async () => {
    const { dir, names } = await stateDir(['2023-11-24T06:00:00Z', '2023-11-25T06:00:00Z']);
    const now = new Date('2026-11-25T12:00:00Z');
    // Three calendar years before 2026-11-25 is 2023-11-25: that date is allowed, the next day is not.
    await expect(pruneBefore(dir, '2023-11-26', now)).rejects.toThrow(/inside the 3-year retention period \(runs on or after 2023-11-25/);
    expect(readdirSync(join(dir, 'history'))).toHaveLength(names.length + 1);
    expect(await pruneBefore(dir, '2023-11-25', now)).toEqual(['2023-11-24T060000Z.json']);
  });

  it('counts three years from a leap day to the last day of February', async () => {
    const { dir } = await stateDir(['2025-02-27T12:00:00Z']);
    const now = new Date('2028-02-29T12:00:00Z');
    await expect(pruneBefore(dir, '2025-03-01', now)).rejects.toThrow(/on or after 2025-02-28/);
    expect(await pruneBefore(dir, '2025-02-28', now)).toEqual(['2025-02-27T120000Z.json']);
  });

  it('a longer retention keeps more, and a date that is not on the calendar is an input error', async () => {
    const { dir } = await stateDir(['2020-01-01T00:00:00Z']);
    const now = new Date('2026-11-25T12:00:00Z');
    await expect(pruneBefore(dir, '2021-01-01', now, 7)).rejects.toThrow(/7-year retention period/);
    for (const bad of ['2023-02-30', '2023-13-01', '01/02/2023'])
      await expect(pruneBefore(dir, bad, now)).rejects.toBeInstanceOf(InputError);
    expect(readdirSync(join(dir, 'history'))).toContain('2020-01-01T000000Z.json');
  });
});
