import { describe, expect, it } from 'vitest';
import { isR42Verification, quarterGaps } from '../../src/baseline/verification-quarters.js';
import type { RuleResult } from '../../src/model/findings.js';

// CIP-004-7 R4.2: "Verify at least once each calendar quarter that individuals with active electronic
// access or unescorted physical access have authorization records."
// https://www.nerc.com/pa/Stand/Reliability%20Standards/CIP-004-7.pdf
const NOW = new Date('2026-11-25T12:00:00Z'); // 2026-Q4, not over yet

describe('R4.2 verification runs per calendar quarter', () => {
  it('a run at 22:00 on 31 March in Chicago belongs to Q1 there, to Q2 in UTC', () => {
    const runs = ['2025-10-15T15:00:00Z', '2026-04-01T03:00:00Z', '2026-07-01T12:00:00Z'];
    const chicago = quarterGaps(runs, NOW, 'America/Chicago');
    expect(chicago.quarters).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    expect(chicago.gaps).toEqual([
      { quarter: '2026-Q2', first: '2026-04-01', last: '2026-06-30', previousRun: '2026-04-01T03:00:00Z', nextRun: '2026-07-01T12:00:00Z' },
    ]);
    expect(quarterGaps(runs, NOW, 'UTC').gaps).toEqual([
      { quarter: '2026-Q1', first: '2026-01-01', last: '2026-03-31', previousRun: '2025-10-15T15:00:00Z', nextRun: '2026-04-01T03:00:00Z' },
    ]);
  });

  it('the current quarter is not a gap until it ends; the day after it ends, it is', () => {
    const runs = ['2026-08-01T12:00:00Z'];
    expect(quarterGaps(runs, NOW, 'UTC').gaps).toEqual([]);
    // 1 January 2027 in Chicago: Q4 2026 ended the day before with no run.
    expect(quarterGaps(runs, new Date('2027-01-01T12:00:00Z'), 'America/Chicago').gaps).toEqual([
      { quarter: '2026-Q4', first: '2026-10-01', last: '2026-12-31', previousRun: '2026-08-01T12:00:00Z' },
    ]);
    // 23:30 on 31 December in Chicago is still Q4 there (05:30 UTC on 1 January).
    expect(quarterGaps(runs, new Date('2027-01-01T05:30:00Z'), 'America/Chicago').gaps).toEqual([]);
  });

  it('two empty quarters in a row around a leap day are two findings naming the same runs', () => {
    const runs = ['2027-12-31T12:00:00Z', '2028-07-01T12:00:00Z'];
    const { gaps } = quarterGaps(runs, new Date('2028-08-01T00:00:00Z'), 'UTC');
    expect(gaps.map((g) => [g.quarter, g.first, g.last, g.previousRun, g.nextRun])).toEqual([
      ['2028-Q1', '2028-01-01', '2028-03-31', '2027-12-31T12:00:00Z', '2028-07-01T12:00:00Z'],
      ['2028-Q2', '2028-04-01', '2028-06-30', '2027-12-31T12:00:00Z', '2028-07-01T12:00:00Z'],
    ]);
  });

  it('only runs that evaluated a rule mapped to CIP-004-7 R4.2 count', () => {
    const rule = (status: RuleResult['status'], id: string): Pick<RuleResult, 'status' | 'controls'> => ({
      status,
      controls: [{ framework: 'NERC CIP-004-7', id }],
    });
    expect(isR42Verification({ rules: [rule('failed', 'R4.2')] as RuleResult[] })).toBe(true);
    expect(isR42Verification({ rules: [rule('passed', 'R4.2')] as RuleResult[] })).toBe(true);
    expect(isR42Verification({ rules: [rule('not-evaluated', 'R4.2')] as RuleResult[] })).toBe(false);
    expect(isR42Verification({ rules: [rule('passed', 'R4.3')] as RuleResult[] })).toBe(false);
    // The quarterly check (CIP4-R42-001) maps to R4.2 too, but it reads the history; it verifies no authorisation record.
    const quarterly = { ...rule('passed', 'R4.2'), kind: 'verification-quarters' };
    expect(isR42Verification({ rules: [quarterly, rule('not-evaluated', 'R4.2')] as RuleResult[] })).toBe(false);
  });
});
