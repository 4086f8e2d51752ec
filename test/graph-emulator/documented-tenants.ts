import type { EmulatedTenant, GraphObject } from './tenant-model.js';

/**
 * Two small tenants written from Microsoft's documentation of Graph v1.0, not from demarc's model: a
 * corporate tenant that registers a multi-tenant application, and an operations tenant that holds its
 * service principal. The shapes that matter (more than 20 owners, PIM for groups in the
 * third `$batch`, AU-scoped roles, synced users) are where the documented behaviour bites.
 */
export const CORP = 'c0a00000-0000-4000-8000-00000000c0a0';
export const OPS = 'c0b00000-0000-4000-8000-00000000c0b0';
export const collector = {
  corp: { clientId: 'd0c00000-0000-4000-8000-0000000000c1', secret: 'corp-collector-secret' },
  ops: { clientId: 'd0c00000-0000-4000-8000-0000000000c2', secret: 'ops-collector-secret' },
};

export const gid = (prefix: string, i: number): string => `${prefix}-0000-4000-8000-${String(i).padStart(12, '0')}`;

const permissions = [
  'Organization.Read.All',
  'User.Read.All',
  'GroupMember.Read.All',
  'Application.Read.All',
  'RoleManagement.Read.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'Policy.Read.All',
];

const user = (prefix: string, i: number, domain: string, extra: Record<string, unknown> = {}): GraphObject => ({
  id: gid(prefix, i),
  displayName: `Person ${i}`,
  userPrincipalName: `person${i}@${domain}`,
  mail: `person${i}@${domain}`,
  userType: 'Member',
  accountEnabled: true,
  createdDateTime: '2023-04-01T08:00:00Z',
  ...extra,
});

/** The application (client) id of the multi-tenant monitoring app registered in CORP. */
export const monitorAppId = 'e0c00000-0000-4000-8000-0000000000e1';
export const auId = 'a0c00000-0000-4000-8000-0000000000a1';
/** Built-in role template ids (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference). */
export const roles = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
};

export function corpTenant(): EmulatedTenant {
  const users = Array.from({ length: 30 }, (_, i) => user('1c000000', i, 'corp.example'));
  // A user synced from AD by Entra Connect: objectSid and the source anchor (base64 objectGUID) come from AD
  // (https://learn.microsoft.com/graph/api/resources/user, onPremisesSecurityIdentifier, onPremisesImmutableId;
  // lastPasswordChangeDateTime "the time when this Microsoft Entra user last changed their password").
  users[0] = user('1c000000', 0, 'corp.example', {
    onPremisesSecurityIdentifier: 'S-1-5-21-3623811015-3361044348-30300820-1013',
    onPremisesImmutableId: 'kO3gNxY8jUSR3b8L2lVz6w==',
    onPremisesSamAccountName: 'person0',
    lastPasswordChangeDateTime: '2025-11-03T14:22:10Z',
  });
  // user.passwordPolicies: "DisablePasswordExpiration" and/or "DisablePasswordStrongPassword", comma-separated
  // (https://learn.microsoft.com/graph/api/resources/user, passwordPolicies; Edm.String in the v1.0 CSDL).
  users[2] = user('1c000000', 2, 'corp.example', {
    passwordPolicies: 'DisablePasswordExpiration, DisablePasswordStrongPassword',
    lastPasswordChangeDateTime: '2024-02-29T08:00:00Z',
  });
  const ids = users.map((u) => u.id);
  // 45 security groups: PIM for groups is asked 20 groups per $batch, so the last ones are in the third batch.
  const groups: EmulatedTenant['groups'] = Array.from({ length: 45 }, (_, i) => ({
    id: gid('2c000000', i),
    displayName: `SEC-${i}`,
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
    isAssignableToRole: false,
    members: [ids[i % 30]!],
  }));
  groups[0]!.owners = ids.slice(0, 23); // beyond the expand cap
  groups[1]!.owners = ids.slice(0, 20); // exactly the cap: the full list must be read to know
  groups[2]!.owners = [ids[5]!, ids[6]!];
  groups.push(
    { id: gid('2c000000', 90), displayName: 'Corp News', securityEnabled: false, mailEnabled: true, groupTypes: [], members: [ids[3]!] },
    {
      id: gid('2c000000', 91),
      displayName: 'Team Site',
      securityEnabled: false,
      mailEnabled: true,
      groupTypes: ['Unified'],
      members: [ids[4]!],
      owners: [ids[4]!],
    },
  );
  return {
    id: CORP,
    displayName: 'Corp',
    domains: ['corp.example'],
    apps: [{ ...collector.corp, permissions }],
    users,
    groups,
    servicePrincipals: [
      {
        id: gid('3c000000', 1),
        appId: monitorAppId,
        displayName: 'Grid Monitor',
        appOwnerOrganizationId: CORP,
        servicePrincipalType: 'Application',
        accountEnabled: true,
        owners: ids.slice(0, 20),
      },
    ],
    applications: [
      {
        id: gid('4c000000', 1),
        appId: monitorAppId,
        displayName: 'Grid Monitor',
        signInAudience: 'AzureADMultipleOrgs',
        owners: ids.slice(2, 27),
      },
    ],
    roleDefinitions: [
      { id: roles.userAdministrator, displayName: 'User Administrator', templateId: roles.userAdministrator, isBuiltIn: true },
      { id: roles.helpdeskAdministrator, displayName: 'Helpdesk Administrator', templateId: roles.helpdeskAdministrator, isBuiltIn: true },
    ],
    // directoryScopeId "/" is tenant-wide, "/administrativeUnits/{id}" one administrative unit
    // (https://learn.microsoft.com/graph/api/resources/unifiedroleassignment, directoryScopeId).
    roleAssignments: [
      { id: 'ra-tenant', principalId: ids[7]!, roleDefinitionId: roles.userAdministrator, directoryScopeId: '/' },
      { id: 'ra-au', principalId: ids[8]!, roleDefinitionId: roles.userAdministrator, directoryScopeId: `/administrativeUnits/${auId}` },
    ],
    roleEligibilitySchedules: [
      {
        id: 'es-au',
        principalId: ids[9]!,
        roleDefinitionId: roles.helpdeskAdministrator,
        directoryScopeId: `/administrativeUnits/${auId}`,
        memberType: 'Direct',
        status: 'Provisioned',
        scheduleInfo: { startDateTime: '2025-01-01T00:00:00Z', expiration: { type: 'noExpiration', endDateTime: null } },
      },
    ],
    // Ids as in the documented example: `<groupId>_<accessId>_<guid>`.
    groupEligibilitySchedules: [
      {
        id: `${gid('2c000000', 44)}_member_0001`,
        principalId: ids[10]!,
        groupId: gid('2c000000', 44),
        accessId: 'member',
        memberType: 'Direct',
        status: 'Provisioned',
        scheduleInfo: { startDateTime: '2025-02-01T00:00:00Z', expiration: { type: 'afterDateTime', endDateTime: '2026-08-01T00:00:00Z' } },
      },
      {
        id: `${gid('2c000000', 21)}_owner_0002`,
        principalId: ids[11]!,
        groupId: gid('2c000000', 21),
        accessId: 'owner',
        memberType: 'Direct',
        status: 'Provisioned',
        scheduleInfo: { startDateTime: '2025-02-01T00:00:00Z', expiration: { type: 'noExpiration', endDateTime: null } },
      },
      {
        id: `${gid('2c000000', 91)}_member_0003`,
        principalId: ids[12]!,
        groupId: gid('2c000000', 91),
        accessId: 'member',
        memberType: 'Direct',
        status: 'Provisioned',
        scheduleInfo: { startDateTime: '2025-02-01T00:00:00Z', expiration: { type: 'noExpiration', endDateTime: null } },
      },
    ],
    crossTenantPartners: [],
  };
}

export function opsTenant(): EmulatedTenant {
  const users = Array.from({ length: 3 }, (_, i) => user('5c000000', i, 'ops.example'));
  return {
    id: OPS,
    displayName: 'Ops',
    domains: ['ops.example'],
    apps: [{ ...collector.ops, permissions }],
    users,
    groups: [
      {
        id: gid('6c000000', 1),
        displayName: 'OPS-Engineers',
        securityEnabled: true,
        mailEnabled: false,
        groupTypes: [],
        members: [users[0]!.id],
        owners: [users[1]!.id],
      },
    ],
    // The service principal of CORP's multi-tenant application: same appId, owned by CORP
    // (https://learn.microsoft.com/graph/api/resources/serviceprincipal, appOwnerOrganizationId).
    servicePrincipals: [
      {
        id: gid('7c000000', 1),
        appId: monitorAppId,
        displayName: 'Grid Monitor',
        appOwnerOrganizationId: CORP,
        servicePrincipalType: 'Application',
        accountEnabled: true,
        owners: [],
      },
    ],
    applications: [],
    roleDefinitions: [],
    roleAssignments: [],
    roleEligibilitySchedules: [],
    groupEligibilitySchedules: [],
    crossTenantPartners: [],
  };
}
