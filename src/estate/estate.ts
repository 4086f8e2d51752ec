import { z } from 'zod';
import { Account, Foreign, Group } from '../model/principal.js';
import { Application, DirectoryLink, RoleAssignment } from '../model/entitlement.js';
import { AccountMapping, RecordRow, Tool } from '../model/records.js';
import type { Collector, Source } from '../model/source.js';
import type { PasswordPolicy } from '../model/password-policy.js';
import { Principals } from './principals.js';
import { Persons } from './persons.js';

/**
 * The indexed estate the engine evaluates. Principals (accounts, groups, foreign members) share one
 * index space: position in `principals`. References between records are those positions, interned once
 * when the estate is assembled or the snapshot written, so evaluation never looks strings up per edge.
 */
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

export interface Estate {
  createdAt: string;
  /** Who ran the collection, when known (written to the snapshot header). */
  collectedBy?: Collector;
  sources: Source[];
  principals: Principals;
  roleAssignments: RoleNode[];
  applications: ApplicationNode[];
  links: DirectoryLink[];
  persons: Persons;
  tools: Tool[];
  mappings: AccountMapping[];
  records: RecordRow[];
  /** Password and lockout policies the directories state (CIP-007-6 R5.5-R5.7). */
  passwordPolicies: PasswordPolicy[];
}

export const principalLabel = (p: PrincipalNode): string =>
  p.kind === 'account' ? (p.upn ?? p.samAccountName ?? p.name) : p.kind === 'group' ? p.name : (p.name ?? p.sid ?? p.id);

export const emptyEstate = (createdAt = '', principals = new Principals(), persons = new Persons()): Estate => ({
  createdAt,
  sources: [],
  principals,
  roleAssignments: [],
  applications: [],
  links: [],
  persons,
  tools: [],
  mappings: [],
  records: [],
  passwordPolicies: [],
});
