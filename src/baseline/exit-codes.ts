import { EXIT } from '../audit/report.js';
import { severityRank, type Finding, type Severity } from '../model/findings.js';

/**
 * For schedulers that alert on change only (`--fail-on-new`): 3 when the newer run is incomplete
 * (never quiet on partial data), 1 when it has a new open finding at or above the threshold, else 0.
 */
export function exitCodeForNew(diff: { new: readonly Finding[] }, newerComplete: boolean, failOn: Severity): number {
  if (!newerComplete) return EXIT.incomplete;
  const min = severityRank(failOn);
  return diff.new.some((f) => f.status === 'open' && severityRank(f.severity) >= min) ? EXIT.findings : EXIT.clean;
}
