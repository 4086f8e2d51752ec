import { DateTime } from 'luxon';

/**
 * Calendar arithmetic for CIP deadlines, always in the organisation's time zone. A deadline given in
 * calendar units ends with its last day: the obligation is met as long as the local date of the run is
 * on or before that day. "24 hours" is elapsed time and needs no calendar. After the one conversion of
 * an instant to its local date, everything is arithmetic on dates (fast for populations of any size).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
};

/** Local dates already computed, by zone and epoch milliseconds (records repeat the same dates a lot). */
const memo = new Map<string, string>();

/** The local calendar date (yyyy-mm-dd) of an instant in a zone. */
export function localDay(instant: string | Date, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const key = `${timeZone}\0${ms}`;
  let day = memo.get(key);
  if (day === undefined) {
    const parts = formatterFor(timeZone).formatToParts(new Date(ms));
    const get = (t: string): string => parts.find((p) => p.type === t)!.value;
    day = `${get('year')}-${get('month')}-${get('day')}`;
    if (memo.size > 100_000) memo.clear();
    memo.set(key, day);
  }
  return day;
}

const parseDay = (day: string): [number, number, number] => day.split('-').map(Number) as [number, number, number];
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const fmt = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * The last day of a period of `months` calendar months starting on the local date of `from`.
 * A day that does not exist in the target month (31st, 29 February) falls back to that month's last
 * day. With `endOfMonth`, the period runs to the end of the last calendar month instead.
 */
export function addCalendarMonths(from: string | Date, months: number, timeZone: string, endOfMonth = false): string {
  const [y, m, d] = parseDay(localDay(from, timeZone));
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const last = daysIn(ty, tm);
  return fmt(ty, tm, endOfMonth ? last : Math.min(d, last));
}

/** The last day allowed by "within N calendar days" of the local date of `from`. */
export function addCalendarDays(from: string | Date, days: number, timeZone: string): string {
  const [y, m, d] = parseDay(localDay(from, timeZone));
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** "By the end of the next calendar day": the local date after the event's local date. */
export const endOfNextCalendarDay = (from: string | Date, timeZone: string): string => addCalendarDays(from, 1, timeZone);

/** True when the run's local date is after the last allowed day. */
export const isPastDay = (lastDay: string, now: Date, timeZone: string): boolean => localDay(now, timeZone) > lastDay;

/** True when more than `hours` of elapsed time separate `from` and `now` (daylight-saving changes do not matter). */
export const isPastHours = (from: string, hours: number, now: Date): boolean => now.getTime() - Date.parse(from) > hours * 3_600_000;

/** The calendar quarter of an instant in a zone, e.g. "2026-Q4", with its first and last day. */
export function calendarQuarter(instant: Date, timeZone: string): { label: string; first: string; last: string } {
  const d = DateTime.fromJSDate(instant).setZone(timeZone);
  return { label: `${d.year}-Q${d.quarter}`, first: d.startOf('quarter').toISODate()!, last: d.endOf('quarter').toISODate()! };
}
