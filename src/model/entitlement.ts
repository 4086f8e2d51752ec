import { z } from 'zod';

/** A directory role held by a principal (account or group), active or PIM-eligible. */
export const RoleAssignment = z.object({
  source: z.string().min(1),
  id: z.string().min(1),
  roleId: z.string().min(1),
  roleName: z.string().min(1),
  /** Id of the principal (account or group) in the same source. */
  principal: z.string().min(1),
  scope: z.string().default('/'),
  state: z.enum(['active', 'eligible']),
  /** `group-member` / `group-owner` for PIM for groups, `directory-role` otherwise. */
  assignmentKind: z.enum(['directory-role', 'group-member', 'group-owner']).default('directory-role'),
  endsAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type RoleAssignment = z.infer<typeof RoleAssignment>;

/** An application registration (Entra) with its owners. */
export const Application = z.object({
  source: z.string().min(1),
  id: z.string().min(1),
  appId: z.string().min(1),
  name: z.string(),
  signInAudience: z.string().optional(),
  owners: z.array(z.string()).default([]),
});
export type Application = z.infer<typeof Application>;

/** A trust or cross-tenant relationship from one directory to another. */
export const DirectoryLink = z.object({
  source: z.string().min(1),
  id: z.string().min(1),
  kind: z.enum(['ad-trust', 'entra-cross-tenant', 'entra-b2b-guest-domain']),
  partner: z.string().min(1).describe('Partner domain name, forest or tenant id.'),
  direction: z.enum(['inbound', 'outbound', 'bidirectional', 'unknown']),
  attributes: z.record(z.string(), z.string()).optional(),
});
export type DirectoryLink = z.infer<typeof DirectoryLink>;
