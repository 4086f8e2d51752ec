import type { Report } from '../model/findings.js';

/**
 * The warning of a run evaluated before its data was collected (`--now` earlier than a source's
 * collection): every format that a person reads carries it, not only stderr and the JSON, because the
 * time-based rules judged the data as of the earlier time and can have missed what was overdue.
 */
export function lateCollectionWarning(report: Report): string | undefined {
  const late = report.run.collectedAfterEvaluation;
  if (!late?.length) return undefined;
  const sources = late.map((l) => `${l.source} (${l.collectedAt})`).join(', ');
  return `Evaluated as of ${report.run.evaluatedAt}, before the collection of ${sources}: time-based rules (expiry, dormancy, revocation deadlines) judged that data as of the earlier time and may have missed what was already overdue.`;
}
