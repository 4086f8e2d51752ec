import { DateTime } from 'luxon';

/**
 * Calendar arithmetic for CIP deadlines, always in the organisation's time zone. A deadline given in
 * calendar units ends with its last day: the obligation is met as long as the local date of the run is
 * on or before that day. "24 hours" is elapsed time and needs no calendar.
 */

/** The local calendar date (yyyy-mm-dd) of an instant in a zone. */
export const localDay = (instant: string | Date, timeZone: string): string =>
  toZone(instant, timeZone).toISODate()!;

const toZone = (instant: string | Date, timeZone: string): DateTime =>
  (typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: true }) : DateTime.fromJSDate(instant)).setZone(timeZone);

/**
 * The last day of a period of `months` calendar months starting on the local date of `from`.
 * A day that does not exist in the target month (31st, 29 February) falls back to that month's last
 * day. With `endOfMonth`, the period runs to the end of the last calendar month instead.
 */
export function addCalendarMonths(from: string | Date, months: number, timeZone: string, endOfMonth = false): string {
  const d = toZone(from, timeZone).startOf('day').plus({ months });
  return (endOfMonth ? d.endOf('month') : d).toISODate()!;
}

/** The last day allowed by "within N calendar days" of the local date of `from`. */
export const addCalendarDays = (from: string | Date, days: number, timeZone: string): string =>
  toZone(from, timeZone).startOf('day').plus({ days }).toISODate()!;

/** "By the end of the next calendar day": the local date after the event's local date. */
export const endOfNextCalendarDay = (from: string | Date, timeZone: string): string => addCalendarDays(from, 1, timeZone);

/** True when the run's local date is after the last allowed day. */
export const isPastDay = (lastDay: string, now: Date, timeZone: string): boolean => localDay(now, timeZone) > lastDay;

/** True when more than `hours` of elapsed time separate `from` and `now` (daylight-saving changes do not matter). */
export const isPastHours = (from: string, hours: number, now: Date): boolean => now.getTime() - Date.parse(from) > hours * 3_600_000;

/** The calendar quarter of an instant in a zone, e.g. "2026-Q4", with its first and last day. */
export function calendarQuarter(instant: Date, timeZone: string): { label: string; first: string; last: string } {
  const d = toZone(instant, timeZone);
  return { label: `${d.year}-Q${d.quarter}`, first: d.startOf('quarter').toISODate()!, last: d.endOf('quarter').toISODate()! };
}
