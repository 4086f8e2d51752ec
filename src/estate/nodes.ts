import { z } from 'zod';
import { Account, Foreign, Group } from '../model/principal.js';
import { Application, RoleAssignment } from '../model/entitlement.js';

/** The estate's records as indexed nodes (see estate.ts): references between them are principal positions. */
const Index = z.number().int().nonnegative();

export const AccountNode = Account.omit({ owners: true }).extend({
  kind: z.literal('account'),
  /** Principals that own this service principal (index). */
  ownerRefs: z.array(Index).optional(),
});
export const GroupNode = Group.omit({ owners: true }).extend({
  kind: z.literal('group'),
  members: z.array(Index),
  /** Principals that can change this group's membership (index): each holds what the group holds. */
  ownerRefs: z.array(Index).optional(),
});
export const ForeignNode = Foreign.extend({
  kind: z.literal('foreign'),
  /** True for a member reference that matched nothing in its own source. */
  unresolved: z.boolean().optional(),
});
export const PrincipalNode = z.discriminatedUnion('kind', [AccountNode, GroupNode, ForeignNode]);
export const RoleNode = RoleAssignment.extend({ kind: z.literal('role'), p: Index });
export const ApplicationNode = Application.omit({ owners: true }).extend({ kind: z.literal('app'), ownerRefs: z.array(Index) });

export type AccountNode = z.infer<typeof AccountNode>;
export type GroupNode = z.infer<typeof GroupNode>;
export type ForeignNode = z.infer<typeof ForeignNode>;
export type PrincipalNode = z.infer<typeof PrincipalNode>;
export type RoleNode = z.infer<typeof RoleNode>;
export type ApplicationNode = z.infer<typeof ApplicationNode>;
