import type { Finding } from '../../src/model/findings.js';
import type { ConformanceCase } from './answer-key.js';

/** What an audit report must give the scorer: its findings and whether every source was complete. */
export interface ScoredReport {
  complete: boolean;
  findings: Finding[];
  sources?: { id: string; complete: boolean }[];
  rules?: { ruleId: string; status: string }[];
}

/** Why a case's rule could not have reported it (an incomplete source, a rule not evaluated), if so. */
function notChecked(report: ScoredReport, c: ConformanceCase): string | undefined {
  const incomplete = (report.sources ?? []).filter((s) => !s.complete).map((s) => s.id);
  if (incomplete.length > 0) return `not reported, but source(s) ${incomplete.join(', ')} were incomplete`;
  const status = report.rules?.find((r) => r.ruleId === c.rule)?.status;
  if (report.rules && status === undefined) return `not reported: rule ${c.rule} is not in the report`;
  if (status === 'not-evaluated' || status === 'error') return `not reported: rule ${c.rule} is ${status}`;
  if (!report.sources && !report.complete) return 'not reported, but the run was incomplete';
  return undefined;
}

export type Outcome =
  | 'hit' // violation reported, with a chain naming the entitlement
  | 'wrong-chain' // violation reported, but no chain ends at the entitlement
  | 'miss' // violation not reported
  | 'clean' // near-miss not reported, its sources complete and its rule evaluated
  | 'false-positive' // near-miss reported
  | 'unchecked'; // no report, or a near-miss its rule could not have reported: never a pass

export interface CaseResult {
  case: ConformanceCase;
  outcome: Outcome;
  detail: string;
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** `BUILTIN\Administrators` names the group `Administrators`. */
const bareName = (name: string): string => name.slice(name.lastIndexOf('\\') + 1);

function concerns(f: Finding, c: ConformanceCase): boolean {
  if (f.ruleId !== c.rule || f.subject.type !== c.subjectType) return false;
  if (c.subjectType !== 'account') return same(f.subject.id, c.subject);
  return (
    (same(f.subject.name, c.subject) || same(f.subject.id, c.subject)) && (!c.subjectSource || same(f.subject.source, c.subjectSource))
  );
}

function namesEntitlement(f: Finding, c: ConformanceCase): boolean {
  return f.chains.some((chain) => {
    const last = chain.steps.at(-1)!;
    const named = same(bareName(last.name), c.entitlement) || same(last.name, c.entitlement) || same(last.id, c.entitlement);
    return named && (!c.entitlementSource || same(last.source, c.entitlementSource));
  });
}

const lastSteps = (fs: Finding[]): string =>
  fs
    .flatMap((f) => f.chains.map((ch) => `${ch.steps.at(-1)!.name}${ch.steps.at(-1)!.source ? ` (${ch.steps.at(-1)!.source})` : ''}`))
    .join(', ') || 'no chains';

/** Scores one audit report (or its absence) against the answer key. */
export function score(cases: readonly ConformanceCase[], report: ScoredReport | undefined): CaseResult[] {
  return cases.map((c) => {
    if (!report) return { case: c, outcome: 'unchecked', detail: 'the audit produced no report' };
    const found = report.findings.filter((f) => concerns(f, c));
    if (c.class === 'violation') {
      if (found.length === 0) return { case: c, outcome: 'miss', detail: `no ${c.rule} finding for ${c.subject}` };
      if (c.entitlement && !found.some((f) => namesEntitlement(f, c)))
        return { case: c, outcome: 'wrong-chain', detail: `chains end at ${lastSteps(found)}, not ${c.entitlement}` };
      return { case: c, outcome: 'hit', detail: found[0]!.message };
    }
    if (found.length > 0) return { case: c, outcome: 'false-positive', detail: found[0]!.message };
    const why = notChecked(report, c);
    if (why) return { case: c, outcome: 'unchecked', detail: why };
    return { case: c, outcome: 'clean', detail: 'not reported' };
  });
}

export const passed = (r: CaseResult): boolean => r.outcome === 'hit' || r.outcome === 'clean';

/** The score table: one line per case, then the totals. */
export function scoreTable(results: readonly CaseResult[]): string {
  const width = Math.max(...results.map((r) => r.case.id.length));
  const lines = results.map(
    (r) =>
      `${passed(r) ? 'ok  ' : 'FAIL'} ${r.outcome.padEnd(14)} ${r.case.class.padEnd(9)} ${r.case.id.padEnd(width)} ${r.case.rule} ${r.case.subject}: ${r.detail}`,
  );
  const count = (pred: (r: CaseResult) => boolean) => results.filter(pred).length;
  const violations = count((r) => r.case.class === 'violation');
  const nearMisses = results.length - violations;
  lines.push(
    '',
    `violations: ${count((r) => r.outcome === 'hit')}/${violations} hit, ${count((r) => r.outcome === 'miss')} missed, ${count((r) => r.outcome === 'wrong-chain')} with the wrong chain`,
    `near-misses: ${count((r) => r.outcome === 'clean')}/${nearMisses} clean, ${count((r) => r.outcome === 'false-positive')} false positives`,
    `unchecked: ${count((r) => r.outcome === 'unchecked')}; score ${count(passed)}/${results.length}`,
  );
  return lines.join('\n');
}
