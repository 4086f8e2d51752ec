import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../model/findings.js';
import { InputError } from '../util/errors.js';
import { writePrivateFile } from '../util/files.js';
import { addCalendarMonths } from '../util/calendar.js';

/**
 * Layout of a baseline (state) directory, owner-only throughout (findings may be BES Cyber System
 * Information):
 *   latest.json                      the last complete run, with firstSeen on every finding
 *   history/<UTC time>.json          one findings file per run, deleted only by `pruneBefore`
 */
export const LATEST = 'latest.json';
export const HISTORY = 'history';

/** File name of a run in the history: its UTC evaluation time, sortable, without ':' (portable). */
export const historyName = (evaluatedAt: string): string => `${evaluatedAt.replace(/:/g, '').replace(/\.\d+Z$/, 'Z')}.json`;

export async function ensureStateDir(dir: string): Promise<void> {
  await mkdir(join(dir, HISTORY), { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await chmod(join(dir, HISTORY), 0o700);
  const s = await stat(dir);
  if (!s.isDirectory()) throw new InputError(`baseline ${dir} is not a directory`, { file: dir });
}

export const writeReport = (path: string, report: Report): Promise<void> => writePrivateFile(path, `${JSON.stringify(report, null, 2)}\n`);

/** NERC CIP evidence is kept for three calendar years (CIP-004-7 and CIP-007-6, "Evidence Retention"). */
export const RETENTION_YEARS = 3;

/** History file names of runs, oldest first (other files in history/ are left alone). */
export const historyRuns = async (dir: string): Promise<string[]> =>
  (await readdir(join(dir, HISTORY))).filter((n) => /^\d{4}-\d{2}-\d{2}T\d{6}Z(-\d+)?\.json$/.test(n)).sort();

/** The UTC evaluation time of a run from its history file name. */
export const runTime = (name: string): string => `${name.slice(0, 13)}:${name.slice(13, 15)}:${name.slice(15, 17)}Z`;

/**
 * Deletes the runs evaluated before `before` (a yyyy-mm-dd date, 00:00 UTC), and only when that date
 * is at least `retentionYears` calendar years before today: history is evidence, so nothing inside
 * the retention period is ever deleted, and nothing is deleted unless asked. `latest.json` stays.
 * Returns the names deleted.
 */
export async function pruneBefore(dir: string, before: string, now: Date, retentionYears = RETENTION_YEARS): Promise<string[]> {
  // A round trip through Date rejects 30 February and month 13, which Date.parse would roll over.
  const t = Date.parse(`${before}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(before) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== before)
    throw new InputError(`--before ${before} is not a date`, {}, 'give a calendar date as yyyy-mm-dd');
  const oldest = addCalendarMonths(now, -12 * retentionYears, 'UTC');
  if (before > oldest)
    throw new InputError(
      `--before ${before} is inside the ${retentionYears}-year retention period (runs on or after ${oldest} are kept)`,
      {},
      `give a date on or before ${oldest}`,
    );
  const cut = historyName(`${before}T00:00:00Z`);
  const doomed = (await historyRuns(dir)).filter((n) => n < cut);
  for (const n of doomed) await rm(join(dir, HISTORY, n), { force: true });
  return doomed;
}
