import { z } from 'zod';
import { Source } from './source.js';

export const Severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;
export const severityRank = (s: Severity): number => Severity.options.indexOf(s);

/** A control a rule is evidence for, as structured data (never free text). */
export const Control = z
  .object({
    framework: z.enum(['NERC CIP-004-7', 'NERC CIP-007-6', 'NERC CIP-005-7', 'NIST SP 800-53 Rev. 5', 'IEC 62443-3-3', 'CISA']),
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.()\- ]*$/, 'a control id such as R4.1, AC-5 or SR 2.1'),
  })
  .strict();
export type Control = z.infer<typeof Control>;

/** One hop of the chain that proves an entitlement: account -> group -> group -> role. */
export const ChainStep = z.object({
  type: z.enum(['person', 'account', 'group', 'role', 'foreign', 'application', 'source', 'tool']),
  source: z.string().optional(),
  id: z.string(),
  name: z.string(),
  /** How this step is reached from the previous one. */
  via: z
    .enum([
      'member',
      'primary-group',
      'foreign-principal',
      'role-active',
      'role-eligible',
      'owner',
      'group-owner',
      'correlated',
      'account-in-source',
      'identity',
      'app-owner-tenant',
      'trust',
    ])
    .optional(),
  /** Zones this step grants by itself (only on the step that grants). */
  grants: z.array(z.string()).optional(),
});
export type ChainStep = z.infer<typeof ChainStep>;

export const Chain = z.object({
  zone: z.string().optional(),
  steps: z.array(ChainStep).min(1),
});
export type Chain = z.infer<typeof Chain>;

export const Subject = z.object({
  type: z.enum(['person', 'account', 'tool', 'source', 'exception', 'group', 'record', 'quarter']),
  id: z.string(),
  name: z.string(),
  source: z.string().optional(),
});
export type Subject = z.infer<typeof Subject>;

export const AppliedException = z.object({
  id: z.string(),
  reason: z.string(),
  approver: z.string(),
  ticket: z.string(),
  expires: z.string(),
});

export const Finding = z.object({
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{16,64}$/)
    .describe('Stable across runs: rule id, subject and zones.'),
  ruleId: z.string(),
  kind: z.string(),
  pack: z.string(),
  title: z.string(),
  severity: Severity,
  message: z.string(),
  subject: Subject,
  zones: z.array(z.string()),
  chains: z.array(Chain),
  controls: z.array(Control),
  status: z.enum(['open', 'excepted']),
  exception: AppliedException.optional(),
  /** Facts specific to the rule kind (dates, counts), for reports and evidence. */
  details: z.record(z.string(), z.unknown()).optional(),
  firstSeen: z.iso.datetime().optional(),
});
export type Finding = z.infer<typeof Finding>;

/** What happened to each rule: evaluated, or not, and why (missing data is never a pass). */
export const RuleResult = z.object({
  ruleId: z.string(),
  kind: z.string(),
  pack: z.string(),
  title: z.string(),
  severity: Severity,
  status: z.enum(['passed', 'failed', 'not-evaluated', 'error']),
  reason: z.string().optional(),
  /**
   * Sources this rule read that were not collected completely. A rule with incomplete inputs is never
   * `passed`: without findings it is `not-evaluated`; its findings, if any, are real but may not be all.
   */
  incompleteInputs: z.array(z.string()).optional(),
  findings: z.number().int().nonnegative(),
  controls: z.array(Control),
  rationale: z.string().optional(),
  remediation: z.string().optional(),
});
export type RuleResult = z.infer<typeof RuleResult>;

export const Report = z.object({
  format: z.literal('demarc-findings'),
  version: z.literal(1),
  tool: z.object({ name: z.literal('demarc'), version: z.string() }),
  run: z.object({
    evaluatedAt: z.iso.datetime(),
    snapshotCreatedAt: z.iso.datetime(),
    timeZone: z.string(),
    policies: z.array(z.object({ pack: z.string(), file: z.string(), sha256: z.string() })),
    configSha256: z.string().optional(),
    /** Sources collected after evaluatedAt (a --now before the data): time-based rules may have missed what was overdue. */
    collectedAfterEvaluation: z.array(z.object({ source: z.string(), collectedAt: z.string() })).optional(),
  }),
  complete: z.boolean().describe('False when any source is incomplete or any rule errored or was not evaluated.'),
  sources: z.array(Source),
  summary: z.object({
    findings: z.number().int(),
    open: z.number().int(),
    excepted: z.number().int(),
    bySeverity: z.record(Severity, z.number().int()),
    rules: z.record(z.enum(['passed', 'failed', 'not-evaluated', 'error']), z.number().int()),
    persons: z.number().int(),
    accounts: z.number().int(),
    groups: z.number().int(),
  }),
  rules: z.array(RuleResult),
  findings: z.array(Finding),
  /** Mapping rows naming an account of an incomplete source: not applied, not an input error. */
  unresolvedMappings: z.array(z.object({ source: z.string(), account: z.string(), person: z.string(), reason: z.string() })).optional(),
});
export type Report = z.infer<typeof Report>;
