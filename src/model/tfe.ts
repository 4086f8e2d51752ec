import { z } from 'zod';

/**
 * A Technical Feasibility Exception on record (NERC CIP Exceptional Circumstances and TFE procedure):
 * an account for which a requirement part is not technically feasible, with the reference the Regional
 * Entity approved. Read from a csv source with `records: tfe`; stored as RecordRow values.
 */
export const TfeValues = z.object({
  /** Absent when the account cell itself says `source:name`. */
  source: z.string().min(1).optional(),
  account: z.string().min(1),
  /** The requirement part, e.g. "CIP-007-6 R5.6" or "R5.6". */
  requirement: z.string().min(1),
  reference: z.string().min(1),
  description: z.string().optional(),
  expires: z.iso.datetime({ offset: true }).optional(),
});
export type TfeValues = z.infer<typeof TfeValues>;

/** True when a TFE's requirement cell names this part ("R5.6", "CIP-007-6 R5.6", "CIP-007 R5.6", case-insensitive). */
export const tfeCovers = (requirement: string, part: string): boolean =>
  requirement
    .split(/[;,]/)
    .map((r) => r.trim().toUpperCase())
    .some((r) => r === part.toUpperCase() || r.endsWith(` ${part.toUpperCase()}`));
