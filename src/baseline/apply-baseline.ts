import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../model/findings.js';
import { diffFindings, withFirstSeen, type FindingsDiff } from './diff-findings.js';
import { readFindings } from '../report/read-findings.js';
import { HISTORY, LATEST, ensureStateDir, historyName, writeReport } from './state-dir.js';

export interface BaselineResult {
  /** The report with `firstSeen` on every finding (what to print and store). */
  report: Report;
  /** Against the previous complete run; everything is new on the first run. */
  diff: FindingsDiff;
  /** Evaluation time of the previous complete run, when there was one. */
  previousRun?: string;
  /** False when this run was incomplete: it is kept in the history but does not become the baseline. */
  baselineUpdated: boolean;
  historyFile: string;
}

/**
 * Compares a run with the previous one in a baseline directory, carries `firstSeen` over, stores the
 * run in the history and (when complete) as the new baseline. The history is never pruned here: it is
 * evidence, deleted only by an explicit `demarc baseline prune`.
 * An incomplete run never becomes the baseline, and nothing counts as resolved by it: missing data
 * must not make findings look fixed (and then "new" again, with a reset firstSeen, next time).
 */
export async function applyBaseline(report: Report, dir: string): Promise<BaselineResult> {
  await ensureStateDir(dir);
  const latestPath = join(dir, LATEST);
  const previous = existsSync(latestPath) ? await readFindings(latestPath) : undefined;
  const stamped = withFirstSeen(report, previous);
  const diff = diffFindings(previous?.findings ?? [], stamped.findings);
  if (!report.complete) diff.resolved = [];
  let historyFile = join(dir, HISTORY, historyName(report.run.evaluatedAt));
  for (let k = 1; existsSync(historyFile); k++)
    historyFile = join(dir, HISTORY, historyName(report.run.evaluatedAt).replace(/\.json$/, `-${k}.json`));
  await writeReport(historyFile, stamped);
  if (report.complete) await writeReport(latestPath, stamped);
  return {
    report: stamped,
    diff,
    ...(previous ? { previousRun: previous.run.evaluatedAt } : {}),
    baselineUpdated: report.complete,
    historyFile,
  };
}
