import { z } from 'zod';

const IsoTime = z.iso.datetime({ offset: true });

/**
 * A principal in one source: user, guest, service account, service principal or computer.
 * `id` is the stable id (objectId, objectGUID or DN); ids are unique within a source.
 */
export const Account = z.object({
  source: z.string().min(1),
  id: z.string().min(1),
  type: z.enum(['user', 'guest', 'service', 'servicePrincipal', 'computer']),
  name: z.string(),
  dn: z.string().optional(),
  upn: z.string().optional(),
  samAccountName: z.string().optional(),
  mail: z.string().optional(),
  employeeId: z.string().optional(),
  sid: z.string().optional(),
  enabled: z.boolean(),
  expiresAt: IsoTime.nullable().optional(),
  createdAt: IsoTime.optional(),
  lastLogonAt: IsoTime.optional(),
  passwordLastSetAt: IsoTime.optional(),
  /** AD userAccountControl DONT_EXPIRE_PASSWORD; Entra passwordPolicies DisablePasswordExpiration. */
  passwordNeverExpires: z.boolean().optional(),
  /** OpenLDAP pwdPolicySubentry: the DN of the ppolicy entry that governs this account. */
  passwordPolicyRef: z.string().optional(),
  /** AD primaryGroupID (RID of the primary group in the account's own domain). */
  primaryGroupId: z.number().int().optional(),
  /** Entra guests: the tenant or domain the guest comes from. */
  homeTenant: z.string().optional(),
  externalUserState: z.string().optional(),
  creationType: z.string().optional(),
  onPremisesSid: z.string().optional(),
  onPremisesSamAccountName: z.string().optional(),
  onPremisesImmutableId: z.string().optional(),
  /** Service principals. */
  appId: z.string().optional(),
  appOwnerOrganizationId: z.string().optional(),
  servicePrincipalType: z.string().optional(),
  /** Ids (in the same source) of the principals that own this one. */
  owners: z.array(z.string()).optional(),
  attributes: z.record(z.string(), z.string()).optional(),
});
export type Account = z.infer<typeof Account>;

export const GroupKind = z.enum(['security', 'distribution', 'unified', 'posix', 'other']);

/** A group. Only security groups (and posix groups) grant access; the others are inventoried only. */
export const Group = z.object({
  source: z.string().min(1),
  id: z.string().min(1),
  name: z.string(),
  dn: z.string().optional(),
  sid: z.string().optional(),
  groupKind: GroupKind,
  mailEnabled: z.boolean().optional(),
  roleAssignable: z.boolean().optional(),
  description: z.string().optional(),
  /**
   * Principals (ids or DNs in the same source) who can change the group's membership: Entra group owners;
   * the AD `managedBy` account when the group's DACL lets it write `member`. Each holds the group's access.
   */
  owners: z.array(z.string()).optional(),
  /** AD well-known RID (e.g. 513 for Domain Users), derived from sid when present. */
  attributes: z.record(z.string(), z.string()).optional(),
});
export type Group = z.infer<typeof Group>;

/** A member that lives in another directory: an AD foreignSecurityPrincipal, or a member DN outside the collected base. */
export const Foreign = z.object({
  source: z.string().min(1),
  id: z.string().min(1),
  sid: z.string().optional(),
  name: z.string().optional(),
});
export type Foreign = z.infer<typeof Foreign>;

export const grantsAccess = (g: Pick<Group, 'groupKind'>): boolean => g.groupKind === 'security' || g.groupKind === 'posix';
