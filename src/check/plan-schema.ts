import { z } from 'zod';

/**
 * A proposed change, as a pipeline or change ticket describes it. References name principals the way
 * people do: `source:name` (id, UPN, sAMAccountName, DN or display name; case-insensitive) or just a
 * name when it is unique across sources. A membership or role without `member` applies to the plan's
 * person: their account in the group's source.
 */
const Ref = z.string().min(1);

export const PlanPerson = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    email: z.string().optional(),
    upn: z.string().optional(),
    employeeId: z.string().optional(),
    department: z.string().optional(),
    title: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const PlanAccount = z
  .object({
    source: z.string().min(1).describe('Source the account will be created in.'),
    name: z.string().min(1).describe('Account name: a UPN (contains "@") or a sAMAccountName; also its id.'),
    id: z.string().min(1).optional(),
    type: z.enum(['user', 'guest', 'service', 'servicePrincipal']).default('user'),
    upn: z.string().optional(),
    mail: z.string().optional(),
    employeeId: z.string().optional(),
    sid: z.string().optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

export const PlanMembership = z
  .object({
    group: Ref.describe('Group: "source:name" or a name unique across sources.'),
    member: Ref.optional().describe("Account or group; the plan's person when omitted."),
  })
  .strict();

export const PlanRole = z
  .object({
    role: Ref.describe('Directory role: "source:role name or role id".'),
    member: Ref.optional(),
    state: z.enum(['active', 'eligible']).default('active'),
  })
  .strict();

/** Removals a remediation needs beside memberships (see docs/remediation.md). */
export const PlanRoleRemoval = z
  .object({
    role: Ref.describe('Directory role: "source:role name or role id".'),
    member: Ref.optional(),
    state: z.enum(['active', 'eligible']).describe('Which assignment to remove: the active one or the PIM-eligible one.'),
    scope: z
      .string()
      .optional()
      .describe('Scope of the assignment ("/" tenant-wide, "/administrativeUnits/<id>"); every scope when omitted.'),
  })
  .strict();

export const PlanGroupAssignmentRemoval = z
  .object({
    group: Ref.describe('Group whose PIM for groups assignment is removed.'),
    member: Ref.optional(),
    access: z.enum(['member', 'owner']).default('member'),
    state: z.enum(['active', 'eligible']).optional().describe('Every state when omitted.'),
  })
  .strict();

export const PlanOwnerRemoval = z
  .object({
    of: Ref.describe('Group or service principal owned; a service principal’s application registrations (same appId) too.'),
    owner: Ref,
  })
  .strict();

export const PlanLinkRemoval = z
  .object({
    source: z.string().min(1),
    partner: z.string().min(1).describe('Partner domain, forest or tenant id of the trust or cross-tenant policy.'),
  })
  .strict();

export const PlanTool = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    zone: z.string().optional().describe('Required for a new tool; an existing tool keeps its zone.'),
    identities: z.array(z.object({ source: z.string().optional(), ref: z.string().min(1) }).strict()).min(1),
  })
  .strict();

export const Plan = z
  .object({
    person: z.string().min(1).optional().describe('Id of an existing person in the HR roster.'),
    newPerson: PlanPerson.optional().describe('A person not yet in the roster (onboarding).'),
    accounts: z.array(PlanAccount).default([]).describe("New accounts of the plan's person."),
    addMembers: z.array(PlanMembership).default([]),
    removeMembers: z.array(PlanMembership).default([]),
    addRoles: z.array(PlanRole).default([]),
    removeRoles: z.array(PlanRoleRemoval).default([]),
    removeGroupAssignments: z.array(PlanGroupAssignmentRemoval).default([]).describe('PIM for groups eligibilities and assignments.'),
    removeOwners: z.array(PlanOwnerRemoval).default([]),
    disableAccounts: z.array(Ref).default([]).describe('Accounts to disable (an account that is a credential of a zone by itself).'),
    removeLinks: z.array(PlanLinkRemoval).default([]).describe('AD trusts and Entra cross-tenant access partners.'),
    tools: z.array(PlanTool).default([]).describe('New tools, or new identities of existing tools.'),
  })
  .strict()
  .refine((p) => !(p.person && p.newPerson), { message: 'give either person (existing) or newPerson (new), not both' });
export type Plan = z.infer<typeof Plan>;
export type PlanInput = z.input<typeof Plan>;
