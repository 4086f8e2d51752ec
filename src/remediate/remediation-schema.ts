import { z } from 'zod';
import { Subject } from '../model/findings.js';
import { Plan } from '../check/plan-schema.js';

/** An administrator's command for a step, as text (demarc never runs it), with the page documenting it. */
export const AdminCommand = z.object({ text: z.string(), doc: z.string().url() });

/** One removal of a plan, in words, with who else loses what through it. */
export const RemediationStep = z.object({
  action: z.enum(['remove-member', 'remove-role', 'remove-group-assignment', 'remove-owner', 'disable-account', 'remove-link']),
  text: z.string().describe('The step in plain words.'),
  source: z.string(),
  /** 1 (the subject) plus the others who lose access through this step. */
  weight: z.number().int(),
  collateral: z.object({
    count: z.number().int().describe('Other persons, tools and accounts of no person that lose access through this step.'),
    names: z.array(z.string()).describe('The first of them, by name.'),
    loses: z.array(z.string()).describe('Zones of what they lose.'),
  }),
  commands: z.array(AdminCommand),
});
export type RemediationStep = z.infer<typeof RemediationStep>;

/** Why a finding has no plan: no cut exists without an edge that must stay, or its kind is not a removal. */
export const BlockingEdge = z.object({ text: z.string(), reason: z.string() });

export const Remediation = z.object({
  fingerprint: z.string(),
  ruleId: z.string(),
  kind: z.string(),
  findingStatus: z.enum(['open', 'excepted']),
  subject: Subject,
  message: z.string(),
  status: z.enum(['planned', 'no-cut', 'not-a-removal', 'proof-failed']),
  homeZones: z.array(z.string()),
  removedZones: z.array(z.string()),
  weight: z.number().int().optional().describe('Sum of the steps’ weights: the minimum over all cuts.'),
  steps: z.array(RemediationStep),
  /** The steps as a `demarc check --plan` file. */
  plan: Plan.optional(),
  blocking: z.array(BlockingEdge).optional(),
  followUps: z
    .array(
      z.object({
        fingerprint: z.string().describe('The authorisation-unused finding the plan introduces until the record is withdrawn.'),
        text: z.string().describe('What to do, in plain words: withdraw the record in the CIP records.'),
        message: z.string(),
      }),
    )
    .optional()
    .describe(
      'Authorisation records (CIP-004-7 R4.1) the plan leaves without the access they authorise: steps of the change, done in the CIP records, not in a directory.',
    ),
  reason: z.string().optional(),
  proof: z
    .object({
      resolved: z.boolean(),
      introduced: z.array(z.string()).describe('Fingerprints of findings the plan would introduce (none, or it is not printed).'),
      changes: z.array(z.string()),
    })
    .optional(),
});
export type Remediation = z.infer<typeof Remediation>;

export const RemediationReport = z.object({
  generatedAt: z.string(),
  remediations: z.array(Remediation),
  /** All plans applied together, proven once more. */
  together: z.object({ introduced: z.array(z.string()), resolved: z.number().int() }).optional(),
  skipped: z.array(z.object({ fingerprint: z.string(), reason: z.string() })),
});
export type RemediationReport = z.infer<typeof RemediationReport>;
