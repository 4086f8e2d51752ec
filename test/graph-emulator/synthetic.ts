import { seededRandom } from './prng.js';
import type { EmulatedTenant, GraphObject } from './tenant-model.js';

export interface SyntheticSize {
  users: number;
  groups: number;
  memberships: number;
  servicePrincipals?: number;
  seed?: number;
}

export const syntheticTenantId = 'c5555555-5555-4555-8555-555555555555';
export const syntheticClient = { clientId: 'd0000000-0000-4000-8000-0000000000c1', secret: 'synthetic-collector-secret' };

const guid = (prefix: string, i: number): string => `${prefix}-0000-4000-8000-${String(i).padStart(12, '0')}`;

/**
 * A large tenant with a realistic skew: group sizes follow a power law (a few groups with thousands of
 * members, most with a handful), members are users, every count exact and deterministic.
 */
export function syntheticTenant(size: SyntheticSize): EmulatedTenant {
  const random = seededRandom(size.seed ?? 42);
  const users: GraphObject[] = [];
  for (let i = 0; i < size.users; i++) {
    users.push({
      id: guid('5a000000', i),
      displayName: `User ${i}`,
      userPrincipalName: `user${i}@synthetic.example`,
      mail: `user${i}@synthetic.example`,
      userType: i % 50 === 0 ? 'Guest' : 'Member',
      accountEnabled: i % 17 !== 0,
      employeeId: `S${i}`,
      createdDateTime: '2022-01-01T00:00:00Z',
    });
  }
  const weights = Array.from({ length: size.groups }, (_, i) => 1 / (i + 1) ** 0.9);
  const total = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.min(size.users, Math.floor((w / total) * size.memberships)));
  let rest = size.memberships - sizes.reduce((a, b) => a + b, 0);
  for (let i = sizes.length - 1; rest > 0; i = i === 0 ? sizes.length - 1 : i - 1) {
    if (sizes[i]! < size.users) {
      sizes[i]!++;
      rest--;
    }
  }
  const groups = sizes.map((n, i) => {
    const start = Math.floor(random() * size.users);
    const members: string[] = [];
    for (let k = 0; k < n; k++) members.push(users[(start + k) % size.users]!.id);
    return {
      id: guid('6a000000', i),
      displayName: `Group ${i}`,
      securityEnabled: i % 10 !== 0,
      mailEnabled: i % 10 === 0,
      groupTypes: i % 20 === 0 ? ['Unified'] : [],
      isAssignableToRole: false,
      members,
    };
  });
  const sps = Array.from({ length: size.servicePrincipals ?? 300 }, (_, i) => ({
    id: guid('7a000000', i),
    appId: guid('7b000000', i),
    displayName: `App ${i}`,
    appOwnerOrganizationId: syntheticTenantId,
    servicePrincipalType: 'Application',
    accountEnabled: true,
    owners: [users[i % size.users]!.id],
  }));
  return {
    id: syntheticTenantId,
    displayName: 'Synthetic Utility',
    domains: ['synthetic.example'],
    apps: [
      {
        ...syntheticClient,
        permissions: [
          'Organization.Read.All',
          'User.Read.All',
          'GroupMember.Read.All',
          'Application.Read.All',
          'RoleManagement.Read.Directory',
          'RoleEligibilitySchedule.Read.Directory',
          'PrivilegedEligibilitySchedule.Read.AzureADGroup',
          'Policy.Read.All',
        ],
      },
    ],
    users,
    groups,
    servicePrincipals: sps,
    applications: sps.slice(0, 50).map((s, i) => ({
      id: guid('7c000000', i),
      appId: s.appId,
      displayName: s.displayName,
      signInAudience: 'AzureADMyOrg',
      owners: s.owners,
    })),
    roleDefinitions: [
      {
        id: '62e90394-69f5-4237-9190-012177145e10',
        displayName: 'Global Administrator',
        templateId: '62e90394-69f5-4237-9190-012177145e10',
        isBuiltIn: true,
      },
    ],
    roleAssignments: [
      { id: 'ra-1', principalId: users[1]!.id, roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/' },
    ],
    roleEligibilitySchedules: [],
    groupEligibilitySchedules: [],
    crossTenantPartners: [],
  };
}

const pagesOf = (n: number, size: number): number => Math.max(1, Math.ceil(n / size));

/** Request counts the endpoints allow at best, and what the naive per-group approach costs, for a tenant. */
export function requestFloor(t: EmulatedTenant, delta: { objects: number; links: number }) {
  const memberPages = t.groups.reduce((n, g) => n + pagesOf(g.members?.length ?? 0, 999), 0);
  // PIM for groups is asked group by group (security and Microsoft 365 groups), 20 per $batch.
  const pimGroups = t.groups.filter(
    (g) => g.securityEnabled === true || (g.groupTypes as string[] | undefined)?.includes('Unified'),
  ).length;
  const others =
    1 /* organization */ +
    3 /* role definitions, assignments, eligibility */ +
    Math.ceil(pimGroups / 20) +
    pagesOf(t.groups.length, 100) /* groups with $expand=owners */ +
    1 /* partners */ +
    pagesOf(t.servicePrincipals.length, 100) +
    pagesOf(t.applications.length, 100); // $expand pages hold 100
  const batch = pagesOf(t.users.length, 999) + pagesOf(t.groups.length, 999) + Math.ceil(memberPages / 20) + others;
  // Delta pages fill up to `objects` objects or `links` member links, whichever comes first.
  let deltaGroupPages = 0;
  let objects = 0;
  let links = 0;
  for (const g of t.groups) {
    let rest = g.members?.length ?? 0;
    do {
      if (objects >= delta.objects || (rest > 0 && links >= delta.links)) {
        deltaGroupPages++;
        objects = links = 0;
      }
      const take = Math.min(rest, delta.links - links);
      objects++;
      links += take;
      rest -= take;
    } while (rest > 0);
  }
  deltaGroupPages++;
  return {
    pimGroups,
    naive999: pagesOf(t.groups.length, 999) + memberPages,
    naiveDefault: pagesOf(t.groups.length, 100) + t.groups.reduce((n, g) => n + pagesOf(g.members?.length ?? 0, 100), 0),
    batch,
    delta: pagesOf(t.users.length, delta.objects) + deltaGroupPages + others,
  };
}
