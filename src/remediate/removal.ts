import { z } from 'zod';

/**
 * One thing a remediation removes, by estate index (graph nodes for roles). Each maps to one entry of a
 * `demarc check` plan (see plan-entries.ts) and to the administrator's command (admin-commands.ts).
 */
export const Removal = z.discriminatedUnion('type', [
  z.object({ type: z.literal('member'), group: z.number(), member: z.number() }),
  z.object({ type: z.literal('role'), role: z.number(), member: z.number(), state: z.enum(['active', 'eligible']) }),
  z.object({
    type: z.literal('group-assignment'),
    group: z.number(),
    member: z.number(),
    access: z.enum(['member', 'owner']),
    state: z.enum(['active', 'eligible']).optional(),
  }),
  z.object({ type: z.literal('owner'), of: z.number(), owner: z.number() }),
  z.object({ type: z.literal('disable'), account: z.number() }),
  z.object({ type: z.literal('link'), source: z.string(), partner: z.string(), kind: z.string() }),
]);
export type Removal = z.infer<typeof Removal>;

/** A key that is equal for two removals that remove the same thing. */
export const removalKey = (r: Removal): string => JSON.stringify(r);
