import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../model/findings.js';
import { InputError } from '../util/errors.js';
import { writePrivateFile } from '../util/files.js';

/**
 * Layout of a baseline (state) directory, owner-only throughout (findings may be BES Cyber System
 * Information):
 *   latest.json                      the last complete run, with firstSeen on every finding
 *   history/<UTC time>.json          one findings file per run, pruned by `pruneHistory`
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

export interface Retention {
  /** The most recent runs always kept. */
  keepRuns: number;
  /** Beyond those, the first run of each calendar month (UTC) is kept this many years (NERC CIP evidence: 3). */
  monthlyYears: number;
}

export const DEFAULT_RETENTION: Retention = { keepRuns: 60, monthlyYears: 3 };

/**
 * Keeps the last `keepRuns` runs and, older than those, the first run of every calendar month for
 * `monthlyYears` years; deletes the rest. Returns the names deleted.
 */
export async function pruneHistory(dir: string, now: Date, retention: Retention = DEFAULT_RETENTION): Promise<string[]> {
  const names = (await readdir(join(dir, HISTORY))).filter((n) => /^\d{4}-\d{2}-\d{2}T\d{6}Z(-\d+)?\.json$/.test(n)).sort();
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - retention.monthlyYears);
  const cutoffName = historyName(cutoff.toISOString());
  const recent = new Set(names.slice(Math.max(0, names.length - retention.keepRuns)));
  const monthsKept = new Set<string>();
  const doomed: string[] = [];
  for (const n of names) {
    const month = n.slice(0, 7);
    if (recent.has(n)) continue;
    if (n >= cutoffName && !monthsKept.has(month)) {
      monthsKept.add(month);
      continue;
    }
    doomed.push(n);
  }
  for (const n of doomed) await rm(join(dir, HISTORY, n), { force: true });
  return doomed;
}
