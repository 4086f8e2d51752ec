import { clockWarning, collectedAfter, type LateCollection } from '../audit/clock-check.js';
import type { Estate } from '../estate/estate.js';
import type { Logger } from './logger.js';

/**
 * `--now` earlier than the collection of the data: warned about on stderr and recorded in the report,
 * never refused (docs/faults.md says why). A live collection without --now is collected after the run's
 * start by definition, so only a snapshot or an explicit --now is checked.
 */
export function checkEvaluationClock(o: { now?: string; snapshot?: string }, estate: Estate, now: Date, logger: Logger): LateCollection[] {
  if (!o.now && !o.snapshot) return [];
  const late = collectedAfter(estate, now);
  if (late.length) logger.log('warn', clockWarning(late, now, !!o.now));
  return late;
}
