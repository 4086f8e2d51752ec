import type { z } from 'zod';
import type { RuleContext } from '../engine/context.js';
import type { Chain, Severity, Subject } from '../model/findings.js';

/** What a rule reports; the engine adds rule metadata, fingerprint, controls and exceptions. */
export interface FindingDraft {
  subject: Subject;
  zones: string[];
  message: string;
  chains: Chain[];
  details?: Record<string, unknown>;
  /** Distinguishes several findings of one rule on one subject (part of the fingerprint). */
  key?: string;
  /** Overrides the rule's severity for this finding (e.g. a lesser variant). */
  severity?: Severity;
}

/**
 * What a rule examined, one row per person, account, group or record with its status. Evidence bundles
 * write it as the requirement's population, so findings and population come from one evaluation.
 */
export interface Population {
  columns: readonly string[];
  rows: Record<string, string>[];
}

export type RuleOutcome = { findings: FindingDraft[]; population?: Population } | { notEvaluated: string };

/**
 * A rule kind: the schema of its options and a pure evaluation function. Policy packs name a kind
 * and give options; one kind serves many rules.
 */
export interface RuleKind<O extends z.ZodType = z.ZodType> {
  kind: string;
  description: string;
  options: O;
  evaluate(ctx: RuleContext, options: z.infer<O>): RuleOutcome;
}

export const defineRuleKind = <O extends z.ZodType>(k: RuleKind<O>): RuleKind<O> => k;
