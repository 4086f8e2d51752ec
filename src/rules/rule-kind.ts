import type { z } from 'zod';
import type { RuleContext } from '../engine/context.js';
import type { Chain, Severity, Subject } from '../model/findings.js';
import { setChains, type ChainsSource } from './deferred-chains.js';

/** What a rule reports; the engine adds rule metadata, fingerprint, controls and exceptions. */
export interface FindingDraft {
  subject: Subject;
  zones: string[];
  /** The kind's `messages[messageId]` with `data` filled in (rendered by `defineRuleKind`). */
  message: string;
  /** Which of the kind's messages this is; absent for kinds that render their own. */
  messageId?: string;
  /** An array, or an enumerable getter drawing one (deferred-chains.ts). */
  chains: Chain[];
  details?: Record<string, unknown>;
  /** Distinguishes several findings of one rule on one subject (part of the fingerprint). */
  key?: string;
  /** Overrides the rule's severity for this finding (e.g. a lesser variant). */
  severity?: Severity;
}

/** Values for a message's `{{placeholders}}`. */
export type MessageData = Record<string, string | number>;

/** A finding as a rule's logic reports it: one of the kind's message ids and the values of its placeholders. */
export type ReportedFinding<M extends string = string> = Omit<FindingDraft, 'message' | 'messageId' | 'chains'> & {
  /** The chains, or what draws them when the finding is read (deferred-chains.ts). */
  chains: ChainsSource;
  messageId: M;
  data?: MessageData;
};

/**
 * What a rule examined, one row per person, account, group or record with its status. Evidence bundles
 * write it as the requirement's population, so findings and population come from one evaluation.
 */
export interface Population {
  columns: readonly string[];
  rows: Record<string, string>[];
}

export type RuleOutcome = { findings: FindingDraft[]; population?: Population } | { notEvaluated: string };
export type ReportedOutcome<M extends string> = { findings: ReportedFinding<M>[]; population?: Population } | { notEvaluated: string };

/** What a kind says about itself, beside its logic (ESLint's `meta`). */
export interface RuleMeta {
  /** The kind's documentation page: docs/rules/<kind>.md in this repository. */
  docs: string;
  /** Whether `demarc remediate` plans the removals that resolve (some of) its findings. */
  fixable: boolean;
}

/**
 * A rule kind: the schema of its options, what it says about itself, its message templates and a pure
 * evaluation function. Policy packs name a kind and give options; one kind serves many rules.
 */
export interface RuleKind<O extends z.ZodType = z.ZodType> {
  kind: string;
  description: string;
  options: O;
  meta: RuleMeta;
  /** Finding messages by id, with `{{name}}` placeholders the finding's data fills. */
  messages: Readonly<Record<string, string>>;
  evaluate(ctx: RuleContext, options: z.infer<O>): RuleOutcome;
}

/** A kind as written: its logic reports message ids (checked against `messages` by the compiler). */
export interface RuleKindSpec<O extends z.ZodType, M extends string> {
  kind: string;
  description: string;
  options: O;
  meta: RuleMeta;
  messages: Record<M, string>;
  evaluate: (ctx: RuleContext, options: z.infer<O>) => ReportedOutcome<NoInfer<M>>;
}

/** A template split at its placeholders: text, name, text, name, ..., text. */
const compiled = new Map<string, string[]>();
function partsOf(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = template.split(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/)));
  return parts;
}

/**
 * Fills `{{name}}` placeholders (spaces inside the braces allowed) in one pass, so data that itself holds
 * braces is never expanded. A placeholder without data is a bug in the kind, not in the input: it throws.
 * Templates are split once: a rule renders the same few messages for every finding.
 */
export function renderMessage(template: string, data: MessageData = {}): string {
  const parts = partsOf(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    if (!Object.hasOwn(data, name)) throw new Error(`message "${template}" has no value for {{${name}}}`);
    out += String(data[name]) + parts[i + 1]!;
  }
  return out;
}

/** Renders a reported finding with the kind's messages. */
export function renderFinding(messages: Readonly<Record<string, string>>, f: ReportedFinding): FindingDraft {
  const template = messages[f.messageId];
  if (template === undefined) throw new Error(`message id "${f.messageId}" is not one of the kind's messages`);
  // Built field by field: a rest-and-spread copy is a generic property walk, 100,000 times a run.
  const out = { subject: f.subject, zones: f.zones } as FindingDraft;
  setChains(out, f.chains);
  out.message = renderMessage(template, f.data);
  out.messageId = f.messageId;
  if (f.details !== undefined) out.details = f.details;
  if (f.key !== undefined) out.key = f.key;
  if (f.severity !== undefined) out.severity = f.severity;
  return out;
}

export function renderOutcome(messages: Readonly<Record<string, string>>, o: ReportedOutcome<string>): RuleOutcome {
  if ('notEvaluated' in o) return o;
  const findings = o.findings.map((f) => renderFinding(messages, f));
  return o.population ? { findings, population: o.population } : { findings };
}

/** Defines a kind whose findings name messages by id; its `evaluate` returns them rendered. */
export function defineRuleKind<O extends z.ZodType, M extends string>(spec: RuleKindSpec<O, M>): RuleKind<O> {
  const { evaluate, ...rest } = spec;
  return { ...rest, evaluate: (ctx, options) => renderOutcome(spec.messages, evaluate(ctx, options)) };
}
