import type { Finding, Report, RuleResult } from '../../model/findings.js';
import { xmlEscape, xmlText } from '../../util/escape.js';
import type { Formatter } from '../formatter.js';
import { chainText } from './chain-text.js';

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

const detail = (f: Finding): string =>
  [f.message, ...f.chains.map((c) => `${c.zone ? `[${c.zone}] ` : ''}${chainText(c)}`), `fingerprint ${f.fingerprint}`].join('\n');

interface Case {
  name: string;
  body: string;
  kind: 'pass' | 'failure' | 'skipped' | 'error';
}

function casesOf(rule: Pick<RuleResult, 'status' | 'reason'>, findings: Finding[]): Case[] {
  if (rule.status === 'error')
    return [
      { name: 'rule', kind: 'error', body: `<error${attrs({ message: rule.reason ?? 'rule failed to run', type: 'rule-error' })}/>` },
    ];
  if (rule.status === 'not-evaluated')
    return [{ name: 'rule', kind: 'skipped', body: `<skipped${attrs({ message: `not evaluated: ${rule.reason ?? ''}` })}/>` }];
  if (findings.length === 0) return [{ name: 'all subjects', kind: 'pass', body: '' }];
  return findings.map((f) => {
    const name = `${f.subject.type} ${f.subject.name}${f.subject.source ? ` [${f.subject.source}]` : ''}${f.zones.length ? ` (${f.zones.join(', ')})` : ''}`;
    if (f.status === 'excepted') {
      const e = f.exception!;
      return {
        name,
        kind: 'skipped',
        body: `<skipped${attrs({ message: `excepted by ${e.id}: ${e.reason} (approved by ${e.approver}, ${e.ticket}, until ${e.expires})` })}/>`,
      };
    }
    return { name, kind: 'failure', body: `<failure${attrs({ message: f.message, type: f.severity })}>${xmlText(detail(f))}</failure>` };
  });
}

/**
 * JUnit XML for CI dashboards: one test suite per rule, one test case per rule and subject. Open
 * findings fail, excepted ones and rules that could not be evaluated are skipped (with the reason),
 * rules that threw are errors. A rule with no finding is one passing case.
 */
export const formatJunit: Formatter = (report: Report) => {
  const suites: { rule: Pick<RuleResult, 'ruleId' | 'title' | 'status' | 'reason'>; cases: Case[] }[] = report.rules.map((r) => ({
    rule: r,
    cases: casesOf(
      r,
      report.findings.filter((f) => f.ruleId === r.ruleId),
    ),
  }));
  const known = new Set(report.rules.map((r) => r.ruleId));
  for (const id of [...new Set(report.findings.filter((f) => !known.has(f.ruleId)).map((f) => f.ruleId))]) {
    const fs = report.findings.filter((f) => f.ruleId === id);
    suites.push({ rule: { ruleId: id, title: fs[0]!.title, status: 'failed' }, cases: casesOf({ status: 'failed' }, fs) });
  }
  const count = (cs: Case[], k: Case['kind']): number => cs.filter((c) => c.kind === k).length;
  const all = suites.flatMap((s) => s.cases);
  const stamp = report.run.evaluatedAt.replace(/\.\d+Z$/, '');
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'demarc', tests: all.length, failures: count(all, 'failure'), errors: count(all, 'error'), skipped: count(all, 'skipped'), timestamp: stamp })}>`,
  ];
  for (const { rule, cases } of suites) {
    out.push(
      `  <testsuite${attrs({ name: `${rule.ruleId} ${rule.title}`, tests: cases.length, failures: count(cases, 'failure'), errors: count(cases, 'error'), skipped: count(cases, 'skipped'), timestamp: stamp })}>`,
    );
    for (const c of cases) {
      const open = `    <testcase${attrs({ classname: rule.ruleId, name: c.name })}`;
      out.push(c.body ? `${open}>${c.body}</testcase>` : `${open}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};
