import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, addCalendarMonths, localDay } from '../../src/util/calendar.js';

const ZONES = ['America/Chicago', 'America/Los_Angeles', 'America/New_York', 'America/Phoenix', 'UTC', 'Australia/Lord_Howe'];
const instant = fc.date({ min: new Date('1999-01-01T00:00:00Z'), max: new Date('2040-12-31T23:59:59Z'), noInvalidDate: true });

/** The same arithmetic done by luxon (slow but independent): the reference the fast version must match. */
describe('calendar arithmetic matches luxon in every zone', () => {
  it('local dates', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (d, tz) => {
        expect(localDay(d, tz)).toBe(DateTime.fromJSDate(d).setZone(tz).toISODate());
      }),
      { numRuns: 2000 },
    );
  });

  it('calendar months (with month-end fallback) and calendar days', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 120 }), (d, tz, n) => {
        const local = DateTime.fromJSDate(d).setZone(tz).startOf('day');
        expect(addCalendarMonths(d, n, tz)).toBe(local.plus({ months: n }).toISODate());
        expect(addCalendarMonths(d, n, tz, true)).toBe(local.plus({ months: n }).endOf('month').toISODate());
        expect(addCalendarDays(d, n, tz)).toBe(local.plus({ days: n }).toISODate());
      }),
      { numRuns: 2000 },
    );
  });
});
