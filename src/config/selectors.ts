import { z } from 'zod';

/**
 * Selects groups or roles (entitlements). All given fields must match. `name` is a glob
 * (`*` and `?`, case-insensitive); `dnSubtree` matches the DN and everything below it.
 */
export const EntitlementSelector = z
  .object({
    source: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe('Source id(s) the entitlement lives in.'),
    type: z.enum(['group', 'role']).optional().describe('Only groups or only directory roles.'),
    name: z.string().optional().describe('Glob on the group or role name, e.g. "OT-*".'),
    dnSubtree: z.string().optional().describe('DN of a subtree, e.g. "OU=OT Access,DC=corp,DC=example".'),
    ids: z.array(z.string()).optional().describe('Object ids, SIDs or role definition ids.'),
    scope: z
      .string()
      .optional()
      .describe(
        'Glob on a directory role assignment\'s scope: "/" tenant-wide (what a selector without scope selects), "/administrativeUnits/*" any administrative unit, "*" any.',
      ),
  })
  .strict()
  .refine(
    (s) => s.name !== undefined || s.dnSubtree !== undefined || s.ids !== undefined || s.type !== undefined || s.scope !== undefined,
    {
      message: 'a selector needs at least one of name, dnSubtree, ids, type or scope',
    },
  );
export type EntitlementSelector = z.infer<typeof EntitlementSelector>;

/** Selects persons (from the HR roster, or synthesised from correlated accounts). All given fields must match. */
export const PopulationSelector = z
  .object({
    all: z.literal(true).optional().describe('Every person.'),
    department: z.array(z.string()).optional().describe('HR departments (case-insensitive).'),
    title: z.string().optional().describe('Glob on the job title.'),
    ids: z.array(z.string()).optional().describe('Person ids from the roster.'),
    memberOf: z.array(EntitlementSelector).optional().describe('Persons with an account holding one of these entitlements.'),
    attributes: z.record(z.string(), z.string()).optional().describe('Roster columns that must equal these values.'),
    homeZone: z
      .string()
      .optional()
      .describe(
        'Zone the persons of this population work in: `demarc remediate` keeps everything they hold there (not a selection criterion).',
      ),
  })
  .strict();
export type PopulationSelector = z.infer<typeof PopulationSelector>;
