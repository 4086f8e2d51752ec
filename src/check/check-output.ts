import type { Finding, Severity } from '../model/findings.js';
import { chainText } from '../report/formats/chain-text.js';
import { TOOL_VERSION } from '../version.js';
import type { LateCollection } from '../audit/clock-check.js';
import type { CheckResult } from './run-check.js';

/** The JSON document `demarc check --format json` prints (stable keys, for pipelines). */
export function checkJson(
  r: CheckResult,
  evaluatedAt: Date,
  failOn: Severity,
  exitCode: number,
  collectedAfterEvaluation: readonly LateCollection[] = [],
): string {
  return `${JSON.stringify(
    {
      format: 'demarc-check',
      version: 1,
      tool: { name: 'demarc', version: TOOL_VERSION },
      evaluatedAt: evaluatedAt.toISOString(),
      ...(collectedAfterEvaluation.length ? { collectedAfterEvaluation } : {}),
      failOn,
      verdict: exitCode === 0 ? 'pass' : exitCode === 1 ? 'fail' : 'incomplete',
      changes: r.changes,
      introduced: r.introduced,
      resolved: r.resolved,
      unevaluatedRules: r.unevaluated.map((u) => ({ ruleId: u.ruleId, status: u.status, reason: u.reason })),
      incompleteSources: r.incompleteSources,
      region: r.region,
    },
    null,
    2,
  )}\n`;
}

const findingLines = (f: Finding): string[] => [
  `  ${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${f.message}${f.status === 'excepted' ? ` (excepted: ${f.exception?.id})` : ''}`,
  ...f.chains.map((c) => `           ${c.zone ? `[${c.zone}] ` : ''}${chainText(c)}`),
];

/** For a person reading a change ticket: the plan, then what it would introduce and resolve, with chains. */
export function checkText(r: CheckResult, failOn: Severity, exitCode: number): string {
  const out = ['Plan:', ...r.changes.map((c) => `  ${c}`), ''];
  out.push(r.introduced.length ? `Would introduce (${r.introduced.length}):` : 'Would introduce no finding.');
  for (const f of r.introduced) out.push(...findingLines(f));
  out.push('', r.resolved.length ? `Would resolve (${r.resolved.length}):` : 'Would resolve no finding.');
  for (const f of r.resolved) out.push(...findingLines(f));
  for (const u of r.unevaluated) out.push('', `NOT EVALUATED: ${u.ruleId}: ${u.reason ?? u.status}`);
  if (r.incompleteSources.length) out.push('', `INCOMPLETE sources in the snapshot: ${r.incompleteSources.join(', ')}`);
  const verdict =
    exitCode === 1
      ? `FAIL: the change introduces a finding at or above ${failOn}`
      : exitCode === 0
        ? `PASS: nothing at or above ${failOn} is introduced`
        : 'INCOMPLETE: some data or rules were missing, so the change cannot be cleared';
  out.push(
    '',
    verdict,
    `Evaluated ${r.region.principals} of ${r.region.ofPrincipals} principals around the change in ${(r.timingsMs.total / 1000).toFixed(2)} s.`,
  );
  return `${out.join('\n')}\n`;
}
