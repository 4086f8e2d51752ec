import { describe, expect, it } from 'vitest';
import type { VerificationHistory } from '../../../src/model/verification-history.js';
import { verificationQuarters } from '../../../src/rules/cip/verification-quarters.js';
import { config, contextOf, estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';

// CIP-004-7 R4.2: "Verify at least once each calendar quarter that individuals with active electronic
// access or unescorted physical access have authorization records."
// https://www.nerc.com/pa/Stand/Reliability%20Standards/CIP-004-7.pdf
// Calendar quarters are those of the organisation's time zone, here America/Chicago (UTC-6 in winter,
// UTC-5 from the second Sunday of March to the first Sunday of November).
const cfg = config({ timeZone: 'America/Chicago' });
const estate = estateOf();
const NOW = new Date('2026-11-25T12:00:00Z'); // 06:00 on 25 November in Chicago: 2026-Q4, not over

/** Earlier runs; a run given as [time, false] evaluated no R4.2 rule (e.g. the nerc-cip pack was not run). */
const history = (...runs: (string | [string, boolean])[]): VerificationHistory => ({
  format: 'demarc-history',
  version: 1,
  stateDir: '/var/lib/demarc',
  runs: runs.map((r) => {
    const [evaluatedAt, verification] = typeof r === 'string' ? [r, true] : r;
    return { evaluatedAt, timeZone: 'America/Chicago', verification };
  }),
});
const base = { estate, config: cfg, now: NOW };

testRuleKind(verificationQuarters, {
  valid: [
    {
      name: 'a run in every quarter since the first',
      ...base,
      history: history('2026-01-15T15:00:00Z', '2026-05-01T15:00:00Z', '2026-08-01T15:00:00Z'),
    },
    {
      // 2026-07-01T04:30Z is 23:30 CDT on 30 June: the last half hour of Q2 in Chicago (Q3 in UTC).
      name: 'a run at 23:30 local time on the last day of a quarter verifies that quarter',
      ...base,
      history: history('2026-02-10T16:00:00Z', '2026-07-01T04:30:00Z', '2026-08-10T15:00:00Z'),
    },
    {
      // 05:30 UTC on 1 January 2027 is 23:30 CST on 31 December 2026: Q4 has half an hour left.
      name: 'the current quarter is no gap, even in its last half hour',
      ...base,
      now: new Date('2027-01-01T05:30:00Z'),
      history: history('2026-08-01T15:00:00Z'),
    },
    { name: 'no earlier runs at all (this is the first in the baseline): it verifies its own quarter', ...base, history: history() },
    { name: 'quarters before the first run are no gaps', ...base, history: history('2026-08-01T15:00:00Z') },
    {
      // 29 February 2028 exists (2028 is a leap year): a run on it lies inside Q1 2028.
      name: 'a run on a leap day verifies its quarter',
      ...base,
      now: new Date('2028-08-01T12:00:00Z'),
      history: history('2027-12-15T18:00:00Z', '2028-02-29T18:00:00Z', '2028-05-10T17:00:00Z'),
    },
    {
      name: 'runs dated after this evaluation (a --now in the past) are not earlier runs, and no gap either',
      ...base,
      now: new Date('2026-06-01T12:00:00Z'),
      history: history('2026-02-10T16:00:00Z', '2026-05-10T15:00:00Z', '2026-10-01T15:00:00Z'),
    },
  ],
  invalid: [
    {
      name: 'a quarter without a run, between two that have one',
      ...base,
      history: history('2026-02-17T16:00:00Z', '2026-08-18T15:00:00Z'),
      findings: [
        {
          messageId: 'noRun',
          subject: '2026-Q2',
          message: 'no verification run in 2026-Q2 (2026-04-01 to 2026-06-30): the previous run was on 2026-02-17, the next on 2026-08-18',
        },
      ],
    },
    {
      // 2026-04-01T04:30Z is 23:30 CDT on 31 March (Q1 in Chicago, Q2 in UTC); 2026-07-01T05:30Z is 00:30
      // CDT on 1 July (Q3 in both). Chicago's Q2 has no run though UTC's has one.
      name: 'quarters end at local midnight: runs half an hour either side of Q2 in Chicago leave it empty',
      ...base,
      history: history('2026-04-01T04:30:00Z', '2026-07-01T05:30:00Z'),
      findings: [
        {
          messageId: 'noRun',
          subject: '2026-Q2',
          message: 'no verification run in 2026-Q2 (2026-04-01 to 2026-06-30): the previous run was on 2026-03-31, the next on 2026-07-01',
        },
      ],
    },
    {
      name: 'no run since the first quarter: each ended quarter is a finding, this run the next run',
      ...base,
      history: history('2026-02-10T16:00:00Z'),
      findings: [
        {
          messageId: 'noRun',
          subject: '2026-Q2',
          message:
            'no verification run in 2026-Q2 (2026-04-01 to 2026-06-30): the previous run was on 2026-02-10, the next on 2026-11-25 (this run)',
        },
        {
          messageId: 'noRun',
          subject: '2026-Q3',
          message:
            'no verification run in 2026-Q3 (2026-07-01 to 2026-09-30): the previous run was on 2026-02-10, the next on 2026-11-25 (this run)',
        },
      ],
    },
    {
      // 06:30 UTC on 1 January 2027 is 00:30 CST: Q4 2026 has ended in Chicago.
      name: 'the first half hour after a quarter ends, that quarter is a finding',
      ...base,
      now: new Date('2027-01-01T06:30:00Z'),
      history: history('2026-08-01T15:00:00Z'),
      findings: [
        {
          messageId: 'noRun',
          subject: '2026-Q4',
          message:
            'no verification run in 2026-Q4 (2026-10-01 to 2026-12-31): the previous run was on 2026-08-01, the next on 2027-01-01 (this run)',
        },
      ],
    },
    {
      name: 'a run that evaluated no R4.2 rule is no verification',
      ...base,
      history: history('2026-02-10T16:00:00Z', ['2026-05-10T15:00:00Z', false], '2026-08-10T15:00:00Z'),
      findings: [
        {
          messageId: 'noRun',
          subject: '2026-Q2',
          message: 'no verification run in 2026-Q2 (2026-04-01 to 2026-06-30): the previous run was on 2026-02-10, the next on 2026-08-10',
        },
      ],
    },
    {
      name: 'two empty quarters in a row, the first with a leap day: both name the same runs',
      ...base,
      now: new Date('2028-08-01T12:00:00Z'),
      history: history('2027-12-31T18:00:00Z', '2028-07-01T17:00:00Z'),
      findings: [
        {
          messageId: 'noRun',
          subject: '2028-Q1',
          message: 'no verification run in 2028-Q1 (2028-01-01 to 2028-03-31): the previous run was on 2027-12-31, the next on 2028-07-01',
        },
        {
          messageId: 'noRun',
          subject: '2028-Q2',
          message: 'no verification run in 2028-Q2 (2028-04-01 to 2028-06-30): the previous run was on 2027-12-31, the next on 2028-07-01',
        },
      ],
    },
  ],
  notEvaluated: [
    { name: 'no run history given', ...base, notEvaluated: /no run history: give `audit --baseline DIR`, or history.stateDir/ },
    {
      name: 'a history run that cannot be read',
      ...base,
      history: { ...history('2026-02-10T16:00:00Z'), unreadable: [{ file: 'history/2026-05-10T150000Z.json', problem: 'not valid JSON' }] },
      notEvaluated: /1 unreadable run\(s\) \(history\/2026-05-10T150000Z\.json\)/,
    },
  ],
});

describe('verification-quarters population', () => {
  it('one row per quarter, the current one verified by this run', () => {
    const out = verificationQuarters.evaluate(contextOf(estate, cfg, NOW, history('2026-02-17T16:00:00Z', '2026-08-18T15:00:00Z')), {});
    if ('notEvaluated' in out) throw new Error(out.notEvaluated);
    expect(out.population?.rows.map((r) => [r.quarter, r.status])).toEqual([
      ['2026-Q1', 'verified'],
      ['2026-Q2', 'no verification run'],
      ['2026-Q3', 'verified'],
      ['2026-Q4', 'verified by this run (current quarter)'],
    ]);
    expect(out.findings[0]?.subject).toEqual({
      type: 'quarter',
      id: '2026-Q2',
      name: '2026-Q2 (2026-04-01 to 2026-06-30, America/Chicago)',
    });
    expect(out.findings[0]?.details).toMatchObject({ previousRun: '2026-02-17T16:00:00Z', nextRun: '2026-08-18T15:00:00Z' });
  });
});
