import type { Estate } from '../estate/estate.js';

/** A source whose data was read after the time the audit evaluates as of. */
export interface LateCollection {
  source: string;
  collectedAt: string;
}

/** Sources collected after `now`, latest last. */
export function collectedAfter(estate: Estate, now: Date): LateCollection[] {
  return estate.sources
    .filter((s) => Date.parse(s.collectedAt) > now.getTime())
    .map((s) => ({ source: s.id, collectedAt: s.collectedAt }))
    .sort((a, b) => Date.parse(a.collectedAt) - Date.parse(b.collectedAt));
}

/**
 * Why evaluating before the collection matters, in words: time-based rules (expiry, dormancy, revocation
 * deadlines) then judge what the directory held later as if it held it at the earlier time, and can miss
 * what was already overdue when it was collected.
 */
export function clockWarning(late: readonly LateCollection[], now: Date, nowGiven: boolean): string {
  const sources = late.map((l) => `${l.source} (${l.collectedAt})`).join(', ');
  const latest = late.at(-1)!.collectedAt;
  const when = nowGiven
    ? `--now ${now.toISOString()} is before the collection of`
    : `this host's clock (${now.toISOString()}) is behind the collection of`;
  const fix = nowGiven
    ? `omit --now, or give a time at or after ${latest}, to evaluate as of the data`
    : "check the collector's and this host's clocks (NTP)";
  return `${when} ${sources}: time-based rules (expiry, dormancy, revocation deadlines) judge that data as if it were from the earlier time, and can miss what was already overdue when it was collected; ${fix}. Recorded in the report as run.collectedAfterEvaluation.`;
}
