import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * Parses a date or date-time from a record file. Values without an offset are wall-clock times in the
 * organisation's time zone; a bare date is the start of that day there. Returns an ISO string with offset.
 */
export function parseLocalDateTime(value: string, timeZone: string): string | undefined {
  const v = value.trim();
  let dt = DateTime.fromISO(v, { zone: timeZone, setZone: true });
  if (!dt.isValid) dt = DateTime.fromSQL(v, { zone: timeZone });
  if (!dt.isValid) dt = DateTime.fromFormat(v, 'M/d/yyyy', { zone: timeZone });
  if (!dt.isValid) dt = DateTime.fromFormat(v, 'M/d/yyyy H:mm', { zone: timeZone });
  return dt.isValid ? (dt.toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}

/** zod field for a date or date-time column, converted to ISO with offset. */
export const localDateTime = (timeZone: string) =>
  z.string().transform((v, ctx) => {
    const iso = parseLocalDateTime(v, timeZone);
    if (!iso) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a date (expected e.g. 2026-03-31 or 2026-03-31T17:00)` });
      return z.NEVER;
    }
    return iso;
  });

/** The calendar date (yyyy-mm-dd) of an instant in a time zone. */
export const localDate = (instant: Date | string, timeZone: string): string =>
  DateTime.fromJSDate(typeof instant === 'string' ? new Date(instant) : instant, { zone: timeZone }).toISODate()!;
