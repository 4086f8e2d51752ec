import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * Which part of a date written with slashes is the month: 3/8/2026 is 8 March in the United States and 3
 * August in most other places, so a record file's dates are read that way only when its source says so.
 */
export const SlashDates = z.enum(['month-first', 'day-first']);
export type SlashDates = z.infer<typeof SlashDates>;

/** How a record file's dates are read: the organisation's time zone, and the order of slash dates if any. */
export interface DateReading {
  timeZone: string;
  slashDates?: SlashDates;
}

const SLASHED = /^\d{1,2}\/\d{1,2}\/\d{4}(?:[ T]|$)/;

/**
 * Parses a date or date-time from a record file. Values without an offset are wall-clock times in the
 * organisation's time zone; a bare date is the start of that day there. Returns an ISO string with offset.
 * ISO 8601 / RFC 3339 forms are read always; `M/d/yyyy` or `d/M/yyyy` only with `slashDates`.
 */
export function parseLocalDateTime(value: string, reading: string | DateReading): string | undefined {
  const { timeZone, slashDates } = typeof reading === 'string' ? { timeZone: reading, slashDates: undefined } : reading;
  const v = value.trim();
  let dt = DateTime.fromISO(v, { zone: timeZone, setZone: true });
  if (!dt.isValid) dt = DateTime.fromSQL(v, { zone: timeZone });
  if (!dt.isValid && slashDates) {
    const order = slashDates === 'month-first' ? 'M/d/yyyy' : 'd/M/yyyy';
    dt = DateTime.fromFormat(v, order, { zone: timeZone });
    if (!dt.isValid) dt = DateTime.fromFormat(v, `${order} H:mm`, { zone: timeZone });
  }
  return dt.isValid ? (dt.toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}

/** zod field for a date or date-time column, converted to ISO with offset. */
export const localDateTime = (reading: string | DateReading) =>
  z.string().transform((v, ctx) => {
    const iso = parseLocalDateTime(v, reading);
    if (!iso) {
      const { timeZone, slashDates } = typeof reading === 'string' ? { timeZone: reading, slashDates: undefined } : reading;
      // Said only of a value that is a date in one of the two readings (31/31/2026 is in neither).
      const slashes =
        !slashDates &&
        SLASHED.test(v.trim()) &&
        (['month-first', 'day-first'] as const).some((order) => parseLocalDateTime(v, { timeZone, slashDates: order }) !== undefined);
      ctx.addIssue({
        code: 'custom',
        message: slashes
          ? `"${v}" is written with slashes, which reads one way in the United States (month first) and another elsewhere (day first): write it as yyyy-mm-dd (RFC 3339), or set slashDates: month-first or day-first on this source`
          : `"${v}" is not a date (expected e.g. 2026-03-31 or 2026-03-31T17:00)`,
      });
      return z.NEVER;
    }
    return iso;
  });

/** The calendar date (yyyy-mm-dd) of an instant in a time zone. */
export const localDate = (instant: Date | string, timeZone: string): string =>
  DateTime.fromJSDate(typeof instant === 'string' ? new Date(instant) : instant, { zone: timeZone }).toISODate()!;
