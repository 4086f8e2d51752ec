import type { z } from 'zod';
import type { RuleContext } from '../../engine/context.js';
import { renderFinding, type FindingDraft, type Population, type ReportedFinding, type RuleKind, type RuleKindSpec } from '../rule-kind.js';

/**
 * What a CIP rule reconciles: the population it examined (one row per person, account, group or
 * record, with its status), and the findings among them. The outcome carries the rows as the rule's
 * population, which the evidence bundle writes, so the findings and the population can never disagree.
 */
export interface Reconciliation<F = FindingDraft> extends Population {
  findings: F[];
}

export type ReconcileOutcome<F = FindingDraft> = Reconciliation<F> | { notEvaluated: string };

export interface CipRuleKind<O extends z.ZodType = z.ZodType> extends RuleKind<O> {
  /** The population and the findings (rendered) among it. */
  reconcile(ctx: RuleContext, options: z.infer<O>): ReconcileOutcome;
}

export function defineCipKind<O extends z.ZodType, M extends string>(
  k: Omit<RuleKindSpec<O, M>, 'evaluate'> & {
    reconcile: (ctx: RuleContext, options: z.infer<O>) => ReconcileOutcome<ReportedFinding<NoInfer<M>>>;
  },
): CipRuleKind<O> {
  const { reconcile: logic, ...rest } = k;
  const reconcile = (ctx: RuleContext, o: z.infer<O>): ReconcileOutcome => {
    const r = logic(ctx, o);
    return 'notEvaluated' in r ? r : { ...r, findings: r.findings.map((f) => renderFinding(k.messages, f)) };
  };
  return {
    ...rest,
    reconcile,
    evaluate(ctx, o) {
      const r = reconcile(ctx, o);
      return 'notEvaluated' in r ? r : { findings: r.findings, population: { columns: r.columns, rows: r.rows } };
    },
  };
}
