import type { Report } from '../model/findings.js';
import { addCalendarMonths, calendarQuarter, localDay } from '../util/calendar.js';

/**
 * CIP-004-7 R4.2: "Verify at least once each calendar quarter that individuals with active electronic
 * access or unescorted physical access have authorization records." A run of the baseline history
 * counts as that verification when it evaluated (passed or failed) a rule mapped to R4.2.
 */
export const isR42Verification = (report: Pick<Report, 'rules'>): boolean =>
  report.rules.some(
    (r) =>
      (r.status === 'passed' || r.status === 'failed') &&
      r.controls.some((c) => c.framework.startsWith('NERC CIP-004') && c.id.replace(/^CIP-004-\d+\s+/, '') === 'R4.2'),
  );

export interface QuarterGap {
  quarter: string;
  first: string;
  last: string;
  /** The last verification run before the quarter, and the first after it (UTC times), when there are. */
  previousRun?: string;
  nextRun?: string;
}

/**
 * The calendar quarters (in the organisation's time zone) from the quarter of the first verification
 * run through the last quarter that has ended by `now`, with those that have none. The current quarter
 * is not a gap yet: it still has time.
 */
export function quarterGaps(runs: readonly string[], now: Date, timeZone: string): { quarters: string[]; gaps: QuarterGap[] } {
  const sorted = [...runs].sort();
  if (sorted.length === 0) return { quarters: [], gaps: [] };
  const days = sorted.map((r) => localDay(r, timeZone));
  const current = calendarQuarter(now, timeZone).label;
  const quarters: string[] = [];
  const gaps: QuarterGap[] = [];
  let q = calendarQuarter(new Date(sorted[0]!), timeZone);
  while (q.label !== current && q.first <= localDay(now, timeZone)) {
    quarters.push(q.label);
    const { first, last } = q;
    if (!days.some((d) => d >= first && d <= last)) {
      const before = sorted.filter((_, i) => days[i]! < first).at(-1);
      const after = sorted.find((_, i) => days[i]! > last);
      gaps.push({ quarter: q.label, first, last, ...(before ? { previousRun: before } : {}), ...(after ? { nextRun: after } : {}) });
    }
    // Noon UTC on the next quarter's first day lies inside that quarter in every time zone.
    q = calendarQuarter(new Date(`${addCalendarMonths(`${first}T12:00:00Z`, 3, 'UTC')}T12:00:00Z`), timeZone);
  }
  return { quarters, gaps };
}
