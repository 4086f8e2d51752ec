import { describe, expect, it } from 'vitest';
import { accessReview } from '../../src/rules/cip/access-review.js';
import { reviewRevocation } from '../../src/rules/cip/review-revocation.js';
import { selfReview } from '../../src/rules/cip/self-review.js';
import { config, estateOf, findingsOf, group, person, run, source, user } from '../helpers/estate-builder.js';
import { cipConfig, records, SCOPE } from './cip-builder.js';

// CIP-004-7 R4.3: "Verify at least once every 15 calendar months that all user accounts, user account
// groups, or user role categories, and their specific, associated privileges are correct and are those
// that the Responsible Entity determines are necessary."
// https://www.nerc.com/pa/Stand/Reliability%20Standards/CIP-004-7.pdf
// The run is at 2026-11-25T12:00:00Z, 06:00 on 25 November in Chicago (the configured time zone).
const cfg = config(cipConfig());
const hr = source('hr', {
  persons: [person('P1', { name: 'Pat', employeeId: 'E1' }), person('P2', { name: 'Quinn', employeeId: 'E2' })],
});
const ot = (bcsMembers = ['o1']) =>
  source('ot', {
    accounts: [user('o1', { employeeId: 'E1' }), user('o2', { employeeId: 'E2' })],
    groups: [group('BCS-HMI', bcsMembers), group('OT-Ops', ['o2'])],
  });
const decision = (extra: Record<string, unknown>) => ({
  campaign: '2025-Q3',
  person: 'P1',
  entitlement: 'BCS-HMI',
  reviewer: 'P2',
  decision: 'keep',
  date: '2025-08-25T10:00:00-05:00',
  ...extra,
});
const keys = (f: { subject: { id: string }; key?: string }[]) => f.map((x) => `${x.subject.id} ${x.key}`).sort();

describe("'access-review': a decision on every in-scope entitlement within 15 calendar months", () => {
  const cases: { name: string; rows: Record<string, unknown>[]; now?: string; expected: string[] }[] = [
    { name: 'no decision at all', rows: [decision({ person: 'P2', entitlement: 'OT-Ops' })], expected: ['P1 review:ot:BCS-HMI'] },
    { name: 'decided 15 months ago to the day (25 August 2025): due today, still current', rows: [decision({})], expected: [] },
    {
      name: 'decided one day earlier: due yesterday',
      rows: [decision({ date: '2025-08-24T10:00:00-05:00' })],
      expected: ['P1 review:ot:BCS-HMI'],
    },
    { name: '"unsure" is a decision taken', rows: [decision({ decision: 'unsure' })], expected: [] },
    {
      name: 'from a month end: 30 November 2025 + 15 months falls back to 28 February 2027',
      rows: [decision({ date: '2025-11-30T12:00:00-06:00' })],
      now: '2027-02-28T23:00:00-06:00',
      expected: [],
    },
    {
      name: 'from a month end, the day after the fallback day',
      rows: [decision({ date: '2025-11-30T12:00:00-06:00' })],
      now: '2027-03-01T00:30:00-06:00',
      expected: ['P1 review:ot:BCS-HMI'],
    },
    {
      name: 'from a leap day: 29 February 2024 + 15 months is 29 May 2025',
      rows: [decision({ date: '2024-02-29T12:00:00-06:00' })],
      now: '2025-05-29T23:00:00-05:00',
      expected: [],
    },
    {
      name: 'from a leap day, one day later',
      rows: [decision({ date: '2024-02-29T12:00:00-06:00' })],
      now: '2025-05-30T00:30:00-05:00',
      expected: ['P1 review:ot:BCS-HMI'],
    },
    {
      name: 'the newest of two decisions counts',
      rows: [decision({ date: '2024-01-10T10:00:00-06:00', campaign: '2023-Q4' }), decision({})],
      expected: [],
    },
  ];
  it.each(cases)('$name', ({ rows, now, expected }) => {
    expect(
      keys(findingsOf(accessReview, { scope: SCOPE }, estateOf(hr, ot(), records('reviews', rows)), cfg, now ? new Date(now) : undefined)),
    ).toEqual(expected);
  });

  it('is not evaluated without review decisions', () => {
    expect(run(accessReview, { scope: SCOPE }, estateOf(hr, ot()), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('records: reviews'),
    });
  });
});

describe("'review-revocation': a revoke decision is carried out within the configured days", () => {
  const revoke = (date: string) => records('reviews', [decision({ decision: 'revoke', date })]);
  it('still held 31 days after the decision is a finding; after 30 days, or once removed, it is not', () => {
    // 25 October 2026 + 30 calendar days = 24 November: past on the 25th.
    expect(keys(findingsOf(reviewRevocation, { scope: SCOPE }, estateOf(hr, ot(), revoke('2026-10-25T10:00:00-05:00')), cfg))).toEqual([
      'P1 revoke:ot:BCS-HMI:o1',
    ]);
    expect(findingsOf(reviewRevocation, { scope: SCOPE }, estateOf(hr, ot(), revoke('2026-10-26T10:00:00-05:00')), cfg)).toEqual([]);
    expect(findingsOf(reviewRevocation, { scope: SCOPE }, estateOf(hr, ot(['o2']), revoke('2026-10-01T10:00:00-05:00')), cfg)).toEqual([]);
    expect(findingsOf(reviewRevocation, { scope: SCOPE, days: 45 }, estateOf(hr, ot(), revoke('2026-10-25T10:00:00-05:00')), cfg)).toEqual(
      [],
    );
  });
});

describe("'self-review': the reviewer is neither the person reviewed nor a holder of the entitlement", () => {
  const reviews = (extra: Record<string, unknown>) => records('reviews', [decision(extra)]);
  it.each([
    { name: 'an independent reviewer', bcs: ['o1'], extra: {}, expected: [] },
    { name: 'the person reviews their own access', bcs: ['o1'], extra: { reviewer: 'E1' }, expected: ['P1 self:2025-Q3::BCS-HMI'] },
    { name: 'the reviewer holds the entitlement under review', bcs: ['o1', 'o2'], extra: {}, expected: ['P1 self:2025-Q3::BCS-HMI'] },
  ])('$name', ({ bcs, extra, expected }) => {
    expect(keys(findingsOf(selfReview, { scope: SCOPE }, estateOf(hr, ot(bcs), reviews(extra)), cfg))).toEqual(expected);
  });
});
