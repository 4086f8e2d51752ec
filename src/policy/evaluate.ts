import type { ExceptionEntry } from '../config/exception.js';
import { severityRank, type Finding, type RuleResult } from '../model/findings.js';
import type { LoadedPack } from './load-packs.js';
import { ruleKindFor } from '../rules/registry.js';
import { InputError, errorMessage } from '../util/errors.js';
import type { RuleContext } from '../engine/context.js';
import type { Population } from '../rules/rule-kind.js';
import { applyExceptions } from './exceptions.js';
import { fingerprint } from './fingerprint.js';
import { chainsSource, setChains } from '../rules/deferred-chains.js';

export interface Evaluation {
  rules: RuleResult[];
  findings: Finding[];
  /** By rule id: what each rule that reports one examined (the CIP kinds), for evidence bundles. */
  populations: ReadonlyMap<string, Population>;
}

/**
 * Runs every enabled rule of every pack. A rule that cannot run says why (not-evaluated), one that
 * throws is an error result: neither is ever a pass. Findings come back sorted for stable output.
 */
export function evaluatePacks(ctx: RuleContext, packs: readonly LoadedPack[], exceptions: readonly ExceptionEntry[]): Evaluation {
  const rules: RuleResult[] = [];
  let findings: Finding[] = [];
  const populations = new Map<string, Population>();
  for (const { pack, disabled } of packs) {
    for (const rule of pack.rules) {
      if (disabled.has(rule.id)) continue;
      const base = {
        ruleId: rule.id,
        kind: rule.kind,
        pack: pack.pack,
        title: rule.title,
        severity: rule.severity,
        controls: rule.controls,
        rationale: rule.rationale,
        remediation: rule.remediation,
      };
      const kind = ruleKindFor(rule.kind)!;
      let outcome;
      try {
        outcome = kind.evaluate(ctx, rule.options);
      } catch (e) {
        if (e instanceof InputError) throw e;
        rules.push({ ...base, status: 'error', reason: errorMessage(e), findings: 0 });
        continue;
      }
      if ('notEvaluated' in outcome) {
        rules.push({ ...base, status: 'not-evaluated', reason: outcome.notEvaluated, findings: 0 });
        continue;
      }
      rules.push({ ...base, status: outcome.findings.length ? 'failed' : 'passed', findings: outcome.findings.length });
      if (outcome.population) populations.set(rule.id, outcome.population);
      for (const d of outcome.findings) {
        // Built in order, property by property: a deferred `chains` is a shared getter (deferred-chains.ts).
        const f = {
          fingerprint: fingerprint(rule.id, d.subject, d.zones, d.key),
          ruleId: rule.id,
          kind: rule.kind,
          pack: pack.pack,
          title: rule.title,
          severity: d.severity ?? rule.severity,
          message: d.message,
          subject: d.subject,
          zones: d.zones,
        } as Finding;
        setChains(f, chainsSource(d));
        f.controls = rule.controls;
        f.status = 'open';
        if (d.details) f.details = d.details;
        findings.push(f);
      }
    }
  }
  findings = applyExceptions(findings, exceptions, ctx.now, ctx.timeZone);
  findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.subject.id.localeCompare(b.subject.id) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  return { rules, findings, populations };
}
