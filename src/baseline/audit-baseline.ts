import type { Finding, Report, Severity } from '../model/findings.js';
import { InputError } from '../util/errors.js';
import { applyBaseline } from './apply-baseline.js';
import { exitCodeForNew } from './exit-codes.js';

export interface BaselineOptions {
  /** State directory (`audit --baseline <dir>`). */
  baseline?: string;
  /** Exit 1 only for new open findings at or above `failOn` (`--fail-on-new`). */
  failOnNew?: boolean;
  failOn: Severity;
}

/**
 * The `audit --baseline` step: stamps firstSeen, stores the run, logs what changed since the previous
 * run, and (with failOnNew) decides the exit code from new findings only. Without a baseline the
 * report passes through unchanged and the exit code is left to the caller.
 */
export async function withBaseline(
  report: Report,
  o: BaselineOptions,
  now: Date,
  log: (level: 'info' | 'warn' | 'error', message: string) => void,
): Promise<{ report: Report; exitCode?: number; newFindings?: readonly Finding[] }> {
  if (!o.baseline) {
    if (o.failOnNew)
      throw new InputError(
        '--fail-on-new needs --baseline <dir>',
        { path: '--fail-on-new' },
        'keep the previous run in a state directory, e.g. --baseline /var/lib/demarc',
      );
    return { report };
  }
  const b = await applyBaseline(report, o.baseline);
  const since = b.previousRun ? `since ${b.previousRun}` : 'first run in this baseline';
  log(
    'info',
    `${b.diff.new.length} new, ${b.diff.resolved.length} resolved, ${b.diff.unchanged.length} unchanged findings (${since}); stored ${b.historyFile}`,
  );
  for (const f of b.diff.new) log('warn', `new: ${f.severity} ${f.ruleId} ${f.message}`);
  if (!b.baselineUpdated)
    log('error', 'this run is incomplete: it was kept in the history but the baseline was not replaced, and nothing counts as resolved');
  return {
    report: b.report,
    ...(o.failOnNew ? { exitCode: exitCodeForNew(b.diff, report.complete, o.failOn), newFindings: b.diff.new } : {}),
  };
}
