/** Properties each emulated collection knows (what `$select` may name) and the permissions that open it. */

export const props = {
  user: new Set([
    'id', 'displayName', 'userPrincipalName', 'mail', 'userType', 'accountEnabled', 'employeeId', 'onPremisesSecurityIdentifier',
    'onPremisesSamAccountName', 'externalUserState', 'creationType', 'createdDateTime', 'signInActivity', 'givenName', 'surname', 'jobTitle', 'department',
  ]),
  group: new Set([
    'id', 'displayName', 'description', 'securityEnabled', 'mailEnabled', 'groupTypes', 'isAssignableToRole', 'onPremisesSecurityIdentifier', 'mail',
    'membershipRule',
  ]),
  servicePrincipal: new Set(['id', 'appId', 'displayName', 'appDisplayName', 'appOwnerOrganizationId', 'servicePrincipalType', 'accountEnabled']),
  application: new Set(['id', 'appId', 'displayName', 'signInAudience']),
  organization: new Set(['id', 'displayName', 'verifiedDomains']),
  unifiedRoleDefinition: new Set(['id', 'displayName', 'templateId', 'isBuiltIn', 'description']),
  unifiedRoleAssignment: new Set(['id', 'principalId', 'roleDefinitionId', 'directoryScopeId']),
  unifiedRoleEligibilitySchedule: new Set(['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'scheduleInfo', 'memberType', 'status']),
  privilegedAccessGroupEligibilitySchedule: new Set(['id', 'principalId', 'groupId', 'accessId', 'scheduleInfo', 'memberType', 'status']),
  directoryObject: new Set(['id', 'displayName']),
  crossTenantAccessPolicyConfigurationPartner: new Set([
    'tenantId', 'isServiceProvider', 'inboundTrust', 'b2bCollaborationInbound', 'b2bCollaborationOutbound', 'b2bDirectConnectInbound',
    'b2bDirectConnectOutbound', 'automaticUserConsentSettings', 'isInMultiTenantOrganization',
  ]),
} as const;

/** Any one of these application permissions opens the endpoint (least privileged first). */
export const permissionsFor = {
  organization: ['Organization.Read.All', 'Directory.Read.All'],
  users: ['User.Read.All', 'Directory.Read.All'],
  signInActivity: ['AuditLog.Read.All'],
  groups: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
  applications: ['Application.Read.All', 'Directory.Read.All'],
  roles: ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'Directory.Read.All'],
  roleEligibility: ['RoleEligibilitySchedule.Read.Directory', 'RoleManagement.Read.Directory', 'RoleManagement.Read.All'],
  groupEligibility: ['PrivilegedEligibilitySchedule.Read.AzureADGroup'],
  policies: ['Policy.Read.All'],
} as const;
