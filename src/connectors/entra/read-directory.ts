import type { GraphClient } from './graph-client.js';
import { GraphError } from './graph-error.js';
import {
  applicationSelect,
  groupSelect,
  servicePrincipalSelect,
  userSelect,
  type RawApplication,
  type RawCrossTenantPartner,
  type RawGroup,
  type RawGroupEligibility,
  type RawMemberRef,
  type RawOrganization,
  type RawRoleAssignment,
  type RawRoleDefinition,
  type RawSchedule,
  type RawServicePrincipal,
  type RawUser,
} from './graph-types.js';
import { isLicenceError, isPermissionError } from './read-steps.js';
import { listAll, selectQuery } from './paging.js';
import { batchedLists } from './batched-lists.js';

export const readOrganization = async (client: GraphClient): Promise<RawOrganization | undefined> =>
  (await listAll<RawOrganization>(client, '/organization?$select=id,displayName,verifiedDomains'))[0];

/**
 * Users; with `signInActivity` the last sign-in is asked for too, and when the tenant or app cannot
 * give it (licence or AuditLog.Read.All missing), users are read without it and `signInUnavailable` says why.
 */
export async function readUsers(
  client: GraphClient,
  signInActivity: boolean,
): Promise<{ users: RawUser[]; signInUnavailable?: GraphError }> {
  const plain = `/users?${selectQuery(userSelect)}&$top=999`;
  if (!signInActivity) return { users: await listAll<RawUser>(client, plain) };
  try {
    return { users: await listAll<RawUser>(client, `/users?${selectQuery([...userSelect, 'signInActivity'])}&$top=999`) };
  } catch (e) {
    if (!(e instanceof GraphError) || !(isPermissionError(e) || isLicenceError(e))) throw e;
    return { users: await listAll<RawUser>(client, plain), signInUnavailable: e };
  }
}

export const readGroups = (client: GraphClient): Promise<RawGroup[]> =>
  listAll<RawGroup>(client, `/groups?${selectQuery(groupSelect)}&$top=999`);

export const readRoleDefinitions = (client: GraphClient): Promise<RawRoleDefinition[]> =>
  listAll(client, '/roleManagement/directory/roleDefinitions?$select=id,displayName,templateId,isBuiltIn');

const roleAssignmentsPath = '/roleManagement/directory/roleAssignments';
const roleAssignmentsSelect = '$select=id,principalId,roleDefinitionId,directoryScopeId';
const roleEligibilityPath = '/roleManagement/directory/roleEligibilitySchedules';
const roleEligibilitySelect = '$select=id,principalId,roleDefinitionId,directoryScopeId,scheduleInfo';
const groupEligibilityPath = '/identityGovernance/privilegedAccess/group/eligibilitySchedules';
const groupEligibilitySelect = '$select=id,principalId,groupId,accessId,scheduleInfo';

export const readRoleAssignments = (client: GraphClient): Promise<RawRoleAssignment[]> =>
  listAll(client, `${roleAssignmentsPath}?${roleAssignmentsSelect}`);
export const readRoleEligibility = (client: GraphClient): Promise<RawSchedule[]> =>
  listAll(client, `${roleEligibilityPath}?${roleEligibilitySelect}`);
export const readGroupEligibility = (client: GraphClient): Promise<RawGroupEligibility[]> =>
  listAll(client, `${groupEligibilityPath}?${groupEligibilitySelect}`);

/** Graph may refuse to list assignments or schedules tenant-wide and ask for a filter (by role, group or principal). */
export const needsFilter = (e: unknown): boolean => e instanceof GraphError && e.status === 400 && /filter/i.test(`${e.code} ${e.message}`);

/** One filtered listing per key (`field eq 'key'`), batched 20 at a time. */
async function listPerKey<T>(
  client: GraphClient,
  path: string,
  select: string,
  field: string,
  keys: Iterable<string>,
  batchSize: number,
  workers: number,
): Promise<T[]> {
  const out: T[] = [];
  const lists = [...keys].map((key) => ({ key, url: `${path}?$filter=${encodeURIComponent(`${field} eq '${key}'`)}&${select}` }));
  await batchedLists<T>(client, lists, batchSize, workers, (_, page) => out.push(...page));
  return out;
}

export const readRoleAssignmentsPerRole = (
  client: GraphClient,
  roleIds: Iterable<string>,
  batchSize: number,
  workers: number,
): Promise<RawRoleAssignment[]> =>
  listPerKey(client, roleAssignmentsPath, roleAssignmentsSelect, 'roleDefinitionId', roleIds, batchSize, workers);

export const readRoleEligibilityPerRole = (
  client: GraphClient,
  roleIds: Iterable<string>,
  batchSize: number,
  workers: number,
): Promise<RawSchedule[]> =>
  listPerKey(client, roleEligibilityPath, roleEligibilitySelect, 'roleDefinitionId', roleIds, batchSize, workers);

/** PIM for groups governs security and Microsoft 365 groups only: distribution groups are not asked. */
export const readGroupEligibilityPerGroup = (
  client: GraphClient,
  groups: Iterable<RawGroup>,
  batchSize: number,
  workers: number,
): Promise<RawGroupEligibility[]> =>
  listPerKey(
    client,
    groupEligibilityPath,
    groupEligibilitySelect,
    'groupId',
    [...groups].filter((g) => g.securityEnabled || g.groupTypes?.includes('Unified')).map((g) => g.id),
    batchSize,
    workers,
  );

export const readCrossTenantPartners = (client: GraphClient): Promise<RawCrossTenantPartner[]> =>
  listAll(client, '/policies/crossTenantAccessPolicy/partners');

/**
 * Service principals or applications with their owners. `$expand=owners` saves a request per object,
 * but Graph returns at most 20 expanded objects (and pages of 100): when 20 come back, the owners are
 * listed in full from the object's own `/owners`.
 */
async function withOwners<T extends { id: string; owners?: RawMemberRef[] }>(
  client: GraphClient,
  collection: string,
  select: string[],
): Promise<T[]> {
  const items = await listAll<T>(client, `/${collection}?${selectQuery(select)}&$expand=owners($select=id)&$top=999`);
  for (const item of items) {
    if ((item.owners?.length ?? 0) >= 20) {
      item.owners = await listAll<RawMemberRef>(client, `/${collection}/${item.id}/owners?$select=id&$top=999`);
    }
  }
  return items;
}

export const readServicePrincipals = (client: GraphClient): Promise<RawServicePrincipal[]> =>
  withOwners<RawServicePrincipal>(client, 'servicePrincipals', servicePrincipalSelect);

export const readApplications = (client: GraphClient): Promise<RawApplication[]> =>
  withOwners<RawApplication>(client, 'applications', applicationSelect);
