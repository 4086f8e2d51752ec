/**
 * The parts of Graph v1.0 entities the connector reads (only what is selected). Property names are those of
 * Microsoft's published v1.0 schema (microsoftgraph/msgraph-metadata, schemas/v1.0-Prod.csdl).
 */

export interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface RawOrganization {
  id: string;
  displayName?: string | null;
  verifiedDomains?: { name: string; isDefault?: boolean }[];
}

export interface RawUser {
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  userType?: string | null;
  accountEnabled?: boolean | null;
  employeeId?: string | null;
  onPremisesSecurityIdentifier?: string | null;
  onPremisesSamAccountName?: string | null;
  /** AD source anchor of a synced user: base64 objectGUID, or ms-DS-ConsistencyGuid. */
  onPremisesImmutableId?: string | null;
  /** Edm.DateTimeOffset: the last password change (or creation), returned only when selected. */
  lastPasswordChangeDateTime?: string | null;
  /** Comma-separated: DisablePasswordExpiration, DisablePasswordStrongPassword (or null). */
  passwordPolicies?: string | null;
  externalUserState?: string | null;
  creationType?: string | null;
  createdDateTime?: string | null;
  signInActivity?: { lastSignInDateTime?: string | null } | null;
}

export interface RawGroup {
  id: string;
  displayName?: string | null;
  description?: string | null;
  securityEnabled?: boolean | null;
  mailEnabled?: boolean | null;
  groupTypes?: string[] | null;
  isAssignableToRole?: boolean | null;
  onPremisesSecurityIdentifier?: string | null;
  /** Only with `$expand=owners`: at most 20 (see read-directory.ts). */
  owners?: RawMemberRef[];
}

/** A member reference: `@odata.type` tells users, groups, service principals, devices and contacts apart. */
export interface RawMemberRef {
  id: string;
  '@odata.type'?: string;
  '@removed'?: unknown;
}

export interface RawServicePrincipal {
  id: string;
  appId?: string | null;
  displayName?: string | null;
  appOwnerOrganizationId?: string | null;
  servicePrincipalType?: string | null;
  accountEnabled?: boolean | null;
  owners?: RawMemberRef[];
}

export interface RawApplication {
  id: string;
  appId?: string | null;
  displayName?: string | null;
  signInAudience?: string | null;
  owners?: RawMemberRef[];
}

export interface RawRoleDefinition {
  id: string;
  displayName?: string | null;
  templateId?: string | null;
  isBuiltIn?: boolean | null;
}

export interface RawRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId?: string | null;
}

export interface RawSchedule extends RawRoleAssignment {
  scheduleInfo?: { expiration?: { endDateTime?: string | null; type?: string | null } | null } | null;
}

export interface RawGroupEligibility {
  id: string;
  principalId: string;
  groupId: string;
  accessId: string; // 'member' or 'owner'
  scheduleInfo?: RawSchedule['scheduleInfo'];
}

export interface RawCrossTenantPartner {
  tenantId: string;
  isServiceProvider?: boolean | null;
  inboundTrust?: unknown;
  b2bCollaborationInbound?: unknown;
  b2bCollaborationOutbound?: unknown;
  b2bDirectConnectInbound?: unknown;
  b2bDirectConnectOutbound?: unknown;
  automaticUserConsentSettings?: { inboundAllowed?: boolean | null; outboundAllowed?: boolean | null } | null;
}

export const userSelect = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'userType',
  'accountEnabled',
  'employeeId',
  'onPremisesSecurityIdentifier',
  'onPremisesSamAccountName',
  'onPremisesImmutableId',
  'lastPasswordChangeDateTime',
  'passwordPolicies',
  'externalUserState',
  'creationType',
  'createdDateTime',
];
export const groupSelect = [
  'id',
  'displayName',
  'description',
  'securityEnabled',
  'mailEnabled',
  'groupTypes',
  'isAssignableToRole',
  'onPremisesSecurityIdentifier',
];
export const servicePrincipalSelect = ['id', 'appId', 'displayName', 'appOwnerOrganizationId', 'servicePrincipalType', 'accountEnabled'];
export const applicationSelect = ['id', 'appId', 'displayName', 'signInAudience'];
