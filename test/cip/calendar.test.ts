import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addCalendarMonths,
  calendarQuarter,
  endOfNextCalendarDay,
  isPastDay,
  isPastHours,
  localDay,
} from '../../src/util/calendar.js';

const CHI = 'America/Chicago';

describe('calendar months in the organisation time zone', () => {
  it.each([
    ['2025-08-25T10:00:00-05:00', 15, '2026-11-25', 'same day of the month'],
    ['2025-08-31T10:00:00-05:00', 15, '2026-11-30', 'the 31st falls back to the last day of a 30-day month'],
    ['2024-11-30T10:00:00-06:00', 15, '2026-02-28', 'the 30th falls back to 28 February'],
    ['2024-02-29T10:00:00-06:00', 12, '2025-02-28', 'a leap day falls back to 28 February'],
    ['2022-11-30T10:00:00-06:00', 15, '2024-02-29', 'a leap year keeps 29 February'],
    ['2019-03-15T12:00:00Z', 84, '2026-03-15', 'seven years'],
  ])('%s + %i months ends %s (%s)', (from, months, last) => {
    expect(addCalendarMonths(from, months, CHI)).toBe(last);
  });

  it('takes the local date, not the UTC date, of the starting instant', () => {
    // 03:30 UTC on 1 September is still 31 August in Chicago.
    expect(addCalendarMonths('2025-09-01T03:30:00Z', 15, CHI)).toBe('2026-11-30');
    expect(addCalendarMonths('2025-09-01T03:30:00Z', 15, 'UTC')).toBe('2026-12-01');
  });

  it('runs to the end of the month when asked', () => {
    expect(addCalendarMonths('2025-08-05T10:00:00-05:00', 15, CHI, true)).toBe('2026-11-30');
  });
});

describe('deadlines on the boundary', () => {
  it('a deadline day is met through its last local minute and missed from the next local midnight', () => {
    // 2026-11-25 23:59 in Chicago (UTC-6) is 05:59 UTC on the 26th.
    expect(isPastDay('2026-11-25', new Date('2026-11-26T05:59:00Z'), CHI)).toBe(false);
    expect(isPastDay('2026-11-25', new Date('2026-11-26T06:00:00Z'), CHI)).toBe(true);
  });

  it('24 hours is elapsed time, across a daylight-saving change too', () => {
    const t = '2026-10-31T12:00:00-05:00'; // the clocks go back on 1 November 2026 in Chicago
    expect(isPastHours(t, 24, new Date(Date.parse(t) + (23 * 60 + 59) * 60_000))).toBe(false);
    expect(isPastHours(t, 24, new Date(Date.parse(t) + 24 * 3_600_000))).toBe(false);
    expect(isPastHours(t, 24, new Date(Date.parse(t) + (24 * 60 + 1) * 60_000))).toBe(true);
  });

  it('the end of the next calendar day follows the local date, on a daylight-saving day too', () => {
    expect(endOfNextCalendarDay('2026-03-08T23:30:00-05:00', CHI)).toBe('2026-03-09'); // spring forward on 8 March
    expect(endOfNextCalendarDay('2026-11-01T00:30:00-05:00', CHI)).toBe('2026-11-02'); // fall back on 1 November
    expect(endOfNextCalendarDay('2026-12-31T18:00:00-06:00', CHI)).toBe('2027-01-01');
  });

  it('30 calendar days cross month and leap-year ends', () => {
    expect(addCalendarDays('2028-02-10T09:00:00-06:00', 30, CHI)).toBe('2028-03-11');
    expect(addCalendarDays('2027-02-10T09:00:00-06:00', 30, CHI)).toBe('2027-03-12');
  });

  it('names the calendar quarter of the run in the organisation time zone', () => {
    expect(calendarQuarter(new Date('2027-01-01T03:00:00Z'), CHI)).toEqual({ label: '2026-Q4', first: '2026-10-01', last: '2026-12-31' });
    expect(localDay('2027-01-01T03:00:00Z', CHI)).toBe('2026-12-31');
  });
});
