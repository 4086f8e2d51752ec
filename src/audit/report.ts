import type { UnresolvedMapping } from '../correlate/correlate.js';
import type { Estate } from '../estate/estate.js';
import type { Evaluation } from '../policy/evaluate.js';
import { Severity, severityRank, type Report, type RuleResult } from '../model/findings.js';
import type { Source } from '../model/source.js';
import type { LoadedPack } from '../policy/load-packs.js';
import { TOOL_VERSION } from '../version.js';
import { EXIT } from './exit.js';

export function buildReport(args: {
  estate: Estate;
  evaluation: Evaluation;
  packs: readonly LoadedPack[];
  now: Date;
  timeZone: string;
  configSha256?: string;
  persons: number;
  unresolvedMappings?: readonly UnresolvedMapping[];
}): Report {
  const { estate } = args;
  const evaluation = { ...args.evaluation, rules: withIncompleteInputs(args.evaluation.rules, estate.sources) };
  const kinds = estate.principals.countKinds();
  const bySeverity = Object.fromEntries(Severity.options.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of evaluation.findings) if (f.status === 'open') bySeverity[f.severity]++;
  const rules = { passed: 0, failed: 0, 'not-evaluated': 0, error: 0 };
  for (const r of evaluation.rules) rules[r.status]++;
  const complete = estate.sources.every((s) => s.complete) && rules['not-evaluated'] === 0 && rules.error === 0;
  return {
    format: 'demarc-findings',
    version: 1,
    tool: { name: 'demarc', version: TOOL_VERSION },
    run: {
      evaluatedAt: args.now.toISOString(),
      snapshotCreatedAt: estate.createdAt,
      timeZone: args.timeZone,
      policies: args.packs.map((p) => ({ pack: p.pack.pack, file: p.file, sha256: p.sha256 })),
      ...(args.configSha256 ? { configSha256: args.configSha256 } : {}),
    },
    complete,
    sources: estate.sources,
    summary: {
      findings: evaluation.findings.length,
      open: evaluation.findings.filter((f) => f.status === 'open').length,
      excepted: evaluation.findings.filter((f) => f.status === 'excepted').length,
      bySeverity,
      rules,
      persons: args.persons,
      accounts: kinds.account,
      groups: kinds.group,
    },
    rules: evaluation.rules,
    findings: evaluation.findings,
    ...(args.unresolvedMappings?.length ? { unresolvedMappings: [...args.unresolvedMappings] } : {}),
  };
}

/**
 * Every rule reads the whole correlated estate (a person's accounts come from every source), so an
 * incomplete source is an input of every rule. A rule that found nothing on partial data has not shown
 * that there is nothing to find: it is not-evaluated, never passed.
 */
export function withIncompleteInputs(rules: readonly RuleResult[], sources: readonly Source[]): RuleResult[] {
  const incomplete = sources.filter((s) => !s.complete).map((s) => s.id);
  if (incomplete.length === 0) return [...rules];
  const because = `source${incomplete.length > 1 ? 's' : ''} ${incomplete.join(', ')} incomplete`;
  return rules.map((r) =>
    r.status === 'passed'
      ? { ...r, status: 'not-evaluated', reason: `no findings, but ${because}`, incompleteInputs: incomplete }
      : r.status === 'failed'
        ? { ...r, reason: r.reason ?? `findings may not be all: ${because}`, incompleteInputs: incomplete }
        : r,
  );
}

export { EXIT };

/** 3 when anything was not checked (never clean on partial data), else 1 for open findings at or above the threshold. */
export function exitCodeFor(report: Report, failOn: Severity): number {
  if (!report.complete) return EXIT.incomplete;
  const min = severityRank(failOn);
  return report.findings.some((f) => f.status === 'open' && severityRank(f.severity) >= min) ? EXIT.findings : EXIT.clean;
}
