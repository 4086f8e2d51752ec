import type { z } from 'zod';
import type { RuleContext } from '../../engine/context.js';
import { defineRuleKind, type FindingDraft, type Population, type RuleKind } from '../rule-kind.js';

/**
 * What a CIP rule reconciles: the population it examined (one row per person, account, group or
 * record, with its status), and the findings among them. The outcome carries the rows as the rule's
 * population, which the evidence bundle writes, so the findings and the population can never disagree.
 */
export interface Reconciliation extends Population {
  findings: FindingDraft[];
}

export type ReconcileOutcome = Reconciliation | { notEvaluated: string };

export interface CipRuleKind<O extends z.ZodType = z.ZodType> extends RuleKind<O> {
  reconcile(ctx: RuleContext, options: z.infer<O>): ReconcileOutcome;
}

export function defineCipKind<O extends z.ZodType>(k: {
  kind: string;
  description: string;
  options: O;
  reconcile: CipRuleKind<O>['reconcile'];
}): CipRuleKind<O> {
  return {
    ...defineRuleKind({
      kind: k.kind,
      description: k.description,
      options: k.options,
      evaluate(ctx, o) {
        const r = k.reconcile(ctx, o);
        return 'notEvaluated' in r ? r : { findings: r.findings, population: { columns: r.columns, rows: r.rows } };
      },
    }),
    reconcile: k.reconcile,
  };
}
