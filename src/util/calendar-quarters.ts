import { addCalendarMonths, calendarQuarter, localDay } from './calendar.js';

/** An ended calendar quarter (local dates in the organisation's time zone) and the runs inside it. */
export interface QuarterPeriod {
  quarter: string;
  first: string;
  last: string;
  /** UTC times of the runs whose local date lies in the quarter, oldest first. */
  runs: string[];
}

export interface QuarterGap {
  quarter: string;
  first: string;
  last: string;
  /** The last verification run before the quarter, and the first after it (UTC times), when there are. */
  previousRun?: string;
  nextRun?: string;
}

const byTime = (runs: readonly string[]): string[] => [...runs].sort((a, b) => Date.parse(a) - Date.parse(b));

/**
 * The calendar quarters (in `timeZone`) from the quarter of the first run through the last quarter that
 * has ended by `now`, each with its runs. The current quarter is not listed: it still has time.
 */
export function endedQuarters(runs: readonly string[], now: Date, timeZone: string): QuarterPeriod[] {
  const sorted = byTime(runs);
  if (sorted.length === 0) return [];
  const days = sorted.map((r) => localDay(r, timeZone));
  const current = calendarQuarter(now, timeZone).label;
  const today = localDay(now, timeZone);
  const out: QuarterPeriod[] = [];
  let q = calendarQuarter(new Date(sorted[0]!), timeZone);
  while (q.label !== current && q.first <= today) {
    const { first, last } = q;
    out.push({ quarter: q.label, first, last, runs: sorted.filter((_, i) => days[i]! >= first && days[i]! <= last) });
    // Noon UTC on the next quarter's first day lies inside that quarter in every time zone.
    q = calendarQuarter(new Date(`${addCalendarMonths(`${first}T12:00:00Z`, 3, 'UTC')}T12:00:00Z`), timeZone);
  }
  return out;
}

/** The quarters of `endedQuarters` and those without a run, with the runs on either side of each. */
export function quarterGaps(runs: readonly string[], now: Date, timeZone: string): { quarters: string[]; gaps: QuarterGap[] } {
  const sorted = byTime(runs);
  const days = sorted.map((r) => localDay(r, timeZone));
  const periods = endedQuarters(sorted, now, timeZone);
  const gaps = periods
    .filter((p) => p.runs.length === 0)
    .map(({ quarter, first, last }): QuarterGap => {
      const before = sorted.filter((_, i) => days[i]! < first).at(-1);
      const after = sorted.find((_, i) => days[i]! > last);
      return { quarter, first, last, ...(before ? { previousRun: before } : {}), ...(after ? { nextRun: after } : {}) };
    });
  return { quarters: periods.map((p) => p.quarter), gaps };
}
