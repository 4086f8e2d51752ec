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
 * Users go into `into` page by page: after a failure it holds those read before it.
 */
export async function readUsers(
  client: GraphClient,
  signInActivity: boolean,
  onPage?: (count: number) => void,
  into: RawUser[] = [],
): Promise<{ users: RawUser[]; signInUnavailable?: GraphError }> {
  const plain = `/users?${selectQuery(userSelect)}&$top=999`;
  if (!signInActivity) return { users: await listAll<RawUser>(client, plain, {}, onPage, into) };
  try {
    return { users: await listAll<RawUser>(client, `/users?${selectQuery([...userSelect, 'signInActivity'])}&$top=999`, {}, onPage, into) };
  } catch (e) {
    if (!(e instanceof GraphError) || !(isPermissionError(e) || isLicenceError(e))) throw e;
    into.length = 0;
    return { users: await listAll<RawUser>(client, plain, {}, onPage, into), signInUnavailable: e };
  }
}

export const readGroups = (client: GraphClient, onPage?: (count: number) => void, into: RawGroup[] = []): Promise<RawGroup[]> =>
  listAll<RawGroup>(client, `/groups?${selectQuery(groupSelect)}&$top=999`, {}, onPage, into);

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

/**
 * Directory role assignments and schedules may be listed tenant-wide in v1.0
 * (https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments, "Optional query parameters").
 * Should the service insist on a filter, it says so with the code its PIM APIs use for a missing required
 * filter, 400 `MissingParameters`; the decision rests on that code, never on the message.
 */
export const needsFilter = (e: unknown): boolean => e instanceof GraphError && e.status === 400 && e.code === 'MissingParameters';

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

/**
 * PIM for groups schedules can only be listed with `$filter=groupId eq '...'` or `principalId eq '...'`
 * ("This method requires the $filter (eq) query parameter to scope the request to a principalId or a
 * groupId", https://learn.microsoft.com/graph/api/privilegedaccessgroup-list-eligibilityschedules?view=graph-rest-1.0):
 * one listing per group, 20 per `$batch`. PIM for groups governs security and Microsoft 365 groups only:
 * distribution groups are not asked.
 */
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
 * "With Microsoft Entra ID resources that derive from directoryObject, like user and group, $expand
 * typically returns a maximum of 20 items for the expanded relationship and has no @odata.nextLink"
 * (https://learn.microsoft.com/graph/query-parameters#expand-parameter); pages with `$expand` hold at most
 * 100 objects (https://developer.microsoft.com/graph/known-issues/?search=13635).
 */
export const expandedItemsCap = 20;

export interface OwnerReads {
  batchSize: number;
  workers: number;
}

/**
 * Service principals, applications or groups with their owners. `$expand=owners` saves a request per
 * object; an object that comes back with 20 owners (the cap) has its `/owners` listed in full, paged, 20
 * listings per `$batch`. When the service refuses the expand (any 400 to the expanded listing: the request
 * as formed is what it refuses), every object's `/owners` is listed instead.
 */
async function withOwners<T extends { id: string; owners?: RawMemberRef[] }>(
  client: GraphClient,
  collection: string,
  select: readonly string[],
  reads: OwnerReads,
): Promise<T[]> {
  let items: T[];
  let incomplete: T[];
  try {
    items = await listAll<T>(client, `/${collection}?${selectQuery(select)}&$expand=owners($select=id)&$top=999`);
    incomplete = items.filter((i) => (i.owners?.length ?? 0) >= expandedItemsCap);
  } catch (e) {
    if (!(e instanceof GraphError) || e.status !== 400) throw e;
    items = await listAll<T>(client, `/${collection}?${selectQuery(select)}&$top=999`);
    incomplete = items;
  }
  const byId = new Map(incomplete.map((i) => [i.id, i]));
  for (const i of incomplete) i.owners = [];
  const lists = incomplete.map((i) => ({ key: i.id, url: `/${collection}/${i.id}/owners?$select=id&$top=999` }));
  await batchedLists<RawMemberRef>(client, lists, reads.batchSize, reads.workers, (id, page) => byId.get(id)!.owners!.push(...page));
  return items;
}

export const readServicePrincipals = (client: GraphClient, reads: OwnerReads): Promise<RawServicePrincipal[]> =>
  withOwners<RawServicePrincipal>(client, 'servicePrincipals', servicePrincipalSelect, reads);

export const readApplications = (client: GraphClient, reads: OwnerReads): Promise<RawApplication[]> =>
  withOwners<RawApplication>(client, 'applications', applicationSelect, reads);

/** Owners of every group (who can change its membership), by group id. */
export async function readGroupOwners(client: GraphClient, reads: OwnerReads): Promise<Map<string, string[]>> {
  const groups = await withOwners<RawGroup>(client, 'groups', ['id'], reads);
  return new Map(groups.map((g) => [g.id, (g.owners ?? []).map((o) => o.id)]));
}
