import { z } from 'zod';

/**
 * The values of each CIP record set as stored in the estate (RecordRow.values). Readers write them,
 * rules read them back through `recordsOf`, so a snapshot edited by hand is still validated.
 */
const IsoTime = z.iso.datetime({ offset: true });

export const AuthorizationValues = z.object({
  person: z.string().min(1),
  entitlement: z.string().min(1),
  source: z.string().optional(),
  approver: z.string().min(1),
  date: IsoTime,
});
export type AuthorizationValues = z.infer<typeof AuthorizationValues>;

export const TrainingValues = z.object({ person: z.string().min(1), course: z.string().min(1).optional(), completed: IsoTime });
export type TrainingValues = z.infer<typeof TrainingValues>;

export const PraValues = z.object({ person: z.string().min(1), date: IsoTime });
export type PraValues = z.infer<typeof PraValues>;

export const SharedAccountValues = z.object({
  /** Absent when the account cell itself says `source:name`. */
  source: z.string().min(1).optional(),
  account: z.string().min(1),
  individuals: z.array(z.string().min(1)),
  description: z.string().optional(),
});
export type SharedAccountValues = z.infer<typeof SharedAccountValues>;

export const PrivilegeValues = z.object({
  /** Absent when the group cell itself says `source:name`. */
  source: z.string().min(1).optional(),
  group: z.string().min(1),
  description: z.string().optional(),
  reviewed: IsoTime.optional(),
});
export type PrivilegeValues = z.infer<typeof PrivilegeValues>;

/** A reviewer's decision on one entitlement of one person, in an access review campaign (CIP-004-7 R4.3). */
export const ReviewDecision = z.enum(['keep', 'revoke', 'unsure']);
export const ReviewValues = z.object({
  campaign: z.string().min(1).optional(),
  person: z.string().min(1),
  /** Absent when the entitlement cell itself says `source:name`. */
  source: z.string().min(1).optional(),
  entitlement: z.string().min(1),
  reviewer: z.string().min(1),
  decision: ReviewDecision,
  date: IsoTime,
  comment: z.string().optional(),
});
export type ReviewValues = z.infer<typeof ReviewValues>;

/** Record set names, as used in `records:` of a csv source and in RecordRow.set. */
export const CIP_SETS = {
  authorizations: AuthorizationValues,
  training: TrainingValues,
  pra: PraValues,
  'shared-accounts': SharedAccountValues,
  privileges: PrivilegeValues,
  reviews: ReviewValues,
} as const;
export type CipSet = keyof typeof CIP_SETS;
