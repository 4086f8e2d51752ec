import { describe, expect, it } from 'vitest';
import { requirementResult, requirementSections } from '../../src/evidence/requirements.js';
import type { Report, RuleResult } from '../../src/model/findings.js';
import type { Population } from '../../src/rules/rule-kind.js';

/** One CIP-004-7 R4.1 rule with the given status, and the population it reported. */
function section(status: RuleResult['status'], rows: Record<string, string>[] | undefined) {
  const rule: RuleResult = {
    ruleId: 'CIP4-R41-001',
    kind: 'authorization',
    pack: 'nerc-cip',
    title: 'Access has an authorization record',
    severity: 'high',
    status,
    findings: status === 'failed' ? 1 : 0,
    controls: [{ framework: 'NERC CIP-004-7', id: 'R4.1' }],
  };
  const report = { rules: [rule], findings: [] } as unknown as Report;
  const populations = new Map<string, Population>(rows ? [[rule.ruleId, { columns: ['person', 'status'], rows }]] : []);
  const [s] = requirementSections(report, populations);
  return requirementResult(s!);
}

describe('a requirement result', () => {
  it('is met when its rules passed over a population with rows', () => {
    expect(section('passed', [{ person: 'p1', status: 'authorized' }])).toBe('met');
  });

  it('is "nothing in scope", never met, when its rules passed over an empty population', () => {
    // A scope that selects nobody (a misspelt population name) must reach the auditor as such.
    expect(section('passed', [])).toBe('nothing in scope');
  });

  it('is met when the requirement is evidenced by findings only and none is open', () => {
    expect(section('passed', undefined)).toBe('met');
  });

  it('is not evaluated, or an error, whatever the population', () => {
    expect(section('not-evaluated', [])).toBe('not evaluated');
    expect(section('error', [])).toBe('error');
    expect(section('failed', [{ person: 'p1', status: 'no authorization record' }])).toBe('findings');
  });
});
