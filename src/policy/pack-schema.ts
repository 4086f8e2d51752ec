import { z } from 'zod';
import { Control, Severity } from '../model/findings.js';
import { ruleKinds } from '../rules/registry.js';
import type { RuleKind } from '../rules/rule-kind.js';

export const RuleId = z.string().regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-\d{3}$/, 'an id such as SEP-001 or CIP4-R41-001');

const ruleBase = z.object({
  id: RuleId,
  // Trimmed: a YAML block scalar ends in a newline, which every human-facing output would show as <U+000A>.
  title: z.string().trim().min(5),
  severity: Severity,
  rationale: z.string().trim().min(20, 'say why the rule matters (at least 20 characters)'),
  remediation: z.string().trim().min(20, 'say how to fix a finding (at least 20 characters)'),
  controls: z.array(Control).min(1, 'name at least one control the rule is evidence for'),
});

/** A rule: metadata plus a kind and that kind's options (each kind owns its options' schema). */
const policyRuleOf = (kinds: readonly RuleKind[]) =>
  z.discriminatedUnion(
    'kind',
    kinds.map((k) =>
      ruleBase.extend({ kind: z.literal(k.kind), options: (k.options as z.ZodObject).prefault({}) }).strict(),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
  );
export type PolicyRule = z.infer<typeof ruleBase> & { kind: string; options: unknown };

const policyPackOf = (kinds: readonly RuleKind[]) =>
  z
    .object({
      pack: z.string().regex(/^[a-z][a-z0-9-]*$/),
      title: z.string(),
      description: z.string(),
      rules: z.array(policyRuleOf(kinds)).min(1),
    })
    .strict();

/** The pack schema over the built-in rule kinds. */
export const PolicyRule = policyRuleOf(ruleKinds);
export const PolicyPack = policyPackOf(ruleKinds);

/** What a pack that extends another may change in an inherited rule; options are merged key by key. */
export const RuleOverride = ruleBase
  .omit({ id: true })
  .partial()
  .extend({ options: z.record(z.string(), z.unknown()).optional() })
  .strict();

/**
 * A pack built on another (`extends`: a bundled pack's name or a path from this file). Inherited rules
 * keep their order and get `idPrefix-` in front of their ids; `override` changes fields of inherited
 * rules by their new id; `rules` adds rules of its own.
 */
const extendingPackOf = (kinds: readonly RuleKind[]) =>
  z
    .object({
      pack: z.string().regex(/^[a-z][a-z0-9-]*$/),
      title: z.string(),
      description: z.string(),
      extends: z.string().min(1),
      idPrefix: z
        .string()
        .regex(/^[A-Z][A-Z0-9]*$/, 'capital letters and digits, such as INT')
        .optional(),
      override: z.record(RuleId, RuleOverride).optional(),
      rules: z.array(policyRuleOf(kinds)).optional(),
    })
    .strict();
export const ExtendingPack = extendingPackOf(ruleKinds);
export type ExtendingPack = z.infer<typeof ExtendingPack>;

/** A pack file as written: complete, or built on another (what `demarc schema policy` prints). */
export const PolicyPackFile = z.union([PolicyPack, ExtendingPack]);

let current = { count: ruleKinds.length, schema: PolicyPack, extending: ExtendingPack };
function refresh(): typeof current {
  if (current.count !== ruleKinds.length)
    current = { count: ruleKinds.length, schema: policyPackOf(ruleKinds), extending: extendingPackOf(ruleKinds) };
  return current;
}
/** The pack schema over every kind registered so far, built-in or added by a library user. */
export const policyPackSchema = (): typeof PolicyPack => refresh().schema;
/** The schema of a pack that extends another, over every kind registered so far. */
export const extendingPackSchema = (): typeof ExtendingPack => refresh().extending;
export type PolicyPack = { pack: string; title: string; description: string; rules: PolicyRule[] };
