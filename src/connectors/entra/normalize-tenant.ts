import type { CollectedSource } from '../../model/collected.js';
import type { Source } from '../../model/source.js';
import { applications, directoryRoles, groupEligibilities, guestDomainLinks, partnerLinks } from './normalize-entitlements.js';
import { byId, collectedGroup, otherMembers, servicePrincipalAccount, userAccount } from './normalize-principals.js';
import type { RawTenant } from './raw-tenant.js';
import { entraPlatformPolicy } from './platform-password-policy.js';

/** Raw Graph objects of one tenant -> demarc's normalised records, sorted by id so runs compare equal. */
export function normalizeTenant(source: Source, raw: RawTenant): CollectedSource {
  const id = source.id;
  const users = [...raw.users.values()].map((u) => userAccount(id, u));
  const sps = raw.servicePrincipals.map((sp) => servicePrincipalAccount(id, sp));
  const accounts = [...users, ...sps].sort(byId);
  const groups = [...raw.groups.values()].map((g) => collectedGroup(id, g, raw.members.get(g.id), raw.groupOwners.get(g.id))).sort(byId);
  const known = new Set<string>([...accounts.map((a) => a.id), ...groups.map((g) => g.id)]);
  const roles = [
    ...directoryRoles(id, raw.roleDefinitions, raw.roleAssignments, raw.roleEligibilities),
    ...groupEligibilities(id, raw.groupEligibilities, raw.groups),
  ].sort(byId);
  const memberships = groups.reduce((n, g) => n + g.members.length, 0);
  return {
    source: {
      ...source,
      counts: {
        users: users.filter((u) => u.type === 'user').length,
        guests: users.filter((u) => u.type === 'guest').length,
        servicePrincipals: sps.length,
        groups: groups.length,
        memberships,
        groupOwners: groups.reduce((n, g) => n + (g.owners?.length ?? 0), 0),
        roleAssignments: roles.filter((r) => r.state === 'active').length,
        eligibleRoleAssignments: roles.filter((r) => r.state === 'eligible').length,
        applications: raw.applications.length,
        crossTenantPartners: raw.partners.length,
      },
    },
    accounts,
    groups,
    foreign: otherMembers(id, raw.members, known),
    roleAssignments: roles,
    applications: applications(id, raw.applications),
    links: [...partnerLinks(id, raw.partners), ...guestDomainLinks(id, users)].sort(byId),
    persons: [],
    tools: [],
    mappings: [],
    records: [],
    passwordPolicies: [entraPlatformPolicy(id, source.origin.cloud)],
  };
}
