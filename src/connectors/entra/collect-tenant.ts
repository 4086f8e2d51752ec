import type { ProgressData } from '../connector.js';
import type { GraphClient } from './graph-client.js';
import type { RawGroup, RawUser } from './graph-types.js';
import { readMembers } from './members.js';
import { emptyRawTenant, type RawTenant } from './raw-tenant.js';
import {
  readApplications,
  readCrossTenantPartners,
  needsFilter,
  readGroupEligibilityPerGroup,
  readGroupOwners,
  readRoleAssignmentsPerRole,
  readRoleEligibilityPerRole,
  readGroups,
  readOrganization,
  readRoleAssignments,
  readRoleDefinitions,
  readRoleEligibility,
  readServicePrincipals,
  readUsers,
} from './read-directory.js';
import { notePartial, readSteps, recordDeclaredAbsence, recordFailure, type ReadStepName, type StepOutcome } from './read-steps.js';
import type { EntraSourceConfig } from './config.js';

export interface TenantReadOptions {
  tenant: string;
  signInActivity: boolean;
  /** 20 = `$batch` per 20 groups; 1 = one request per group page. */
  memberBatchSize: number;
  workers: number;
  /** Set when the configuration records that the tenant has no PIM for groups. */
  pimForGroups?: EntraSourceConfig['pimForGroups'];
  progress?: (message: string, data?: ProgressData) => void;
  /** Reads users and groups with members another way (delta), possibly using the full reads; they are used alone when absent. */
  directoryReader?: (client: GraphClient, raw: RawTenant, step: StepRunner, full: FullReads) => Promise<void>;
}

/** The plain reads of users, and of groups with their members, each recording its own failures. */
export interface FullReads {
  users(): Promise<void>;
  groups(): Promise<void>;
}

export type StepRunner = (name: ReadStepName, read: () => Promise<void>) => Promise<boolean>;

/**
 * Reads one tenant, every part independently and concurrently (the client bounds the requests in
 * flight). A part that fails is recorded as not collected; the others go on.
 */
export async function collectTenant(client: GraphClient, options: TenantReadOptions): Promise<{ raw: RawTenant; outcome: StepOutcome }> {
  const raw = emptyRawTenant();
  const outcome: StepOutcome = { problems: [], notCollected: [] };
  const step: StepRunner = async (name, read) => {
    try {
      await read();
      return true;
    } catch (e) {
      recordFailure(outcome, readSteps[name], options.tenant, e);
      return false;
    }
  };

  let spRead = false;
  const full: FullReads = {
    users: async () => {
      const read: RawUser[] = [];
      const ok = await step('users', async () => {
        const { signInUnavailable } = await readUsers(
          client,
          options.signInActivity,
          (n) => options.progress?.(`${n} users read`, { phase: 'users', count: n }),
          read,
        );
        if (signInUnavailable) recordFailure(outcome, readSteps.signInActivity, options.tenant, signInUnavailable);
      });
      // Pages read before a failure are kept: the source stays incomplete, and what they show is real.
      for (const u of read) raw.users.set(u.id, u);
      if (!ok) notePartial(outcome, readSteps.users, read.length);
    },
    groups: async () => {
      const read: RawGroup[] = [];
      const ok = await step('groups', async () => {
        await readGroups(client, (n) => options.progress?.(`${n} groups read`, { phase: 'groups', count: n }), read);
      });
      for (const g of read) raw.groups.set(g.id, g);
      if (!ok) notePartial(outcome, readSteps.groups, read.length);
      if (!ok) {
        recordFailure(outcome, readSteps.memberships, options.tenant, new Error('the groups could not be listed'));
        return;
      }
      await step('memberships', async () => {
        raw.members = await readMembers(
          client,
          [...raw.groups.keys()].sort(),
          options.memberBatchSize,
          options.workers,
          options.progress
            ? (done, total) => options.progress!(`members of ${done} of ${total} groups read`, { phase: 'members', count: done, total })
            : undefined,
        );
      });
    },
  };
  const directory = options.directoryReader ? options.directoryReader(client, raw, step, full) : Promise.all([full.users(), full.groups()]);

  const owners = { batchSize: options.memberBatchSize, workers: options.workers };
  const definitions = step('roleDefinitions', async () => {
    raw.roleDefinitions = await readRoleDefinitions(client);
  });
  const roleIds = async (): Promise<string[]> => {
    if (!(await definitions)) throw new Error('the role definitions could not be listed');
    return raw.roleDefinitions.map((d) => d.id);
  };

  await Promise.all([
    directory,
    step('organization', async () => {
      raw.organization = await readOrganization(client);
    }),
    definitions,
    step('roleAssignments', async () => {
      raw.roleAssignments = await withFilterFallback(
        () => readRoleAssignments(client),
        async () => readRoleAssignmentsPerRole(client, await roleIds(), options.memberBatchSize, options.workers),
      );
    }),
    step('roleEligibility', async () => {
      raw.roleEligibilities = await withFilterFallback(
        () => readRoleEligibility(client),
        async () => readRoleEligibilityPerRole(client, await roleIds(), options.memberBatchSize, options.workers),
      );
    }),
    options.pimForGroups?.available === false
      ? recordDeclaredAbsence(outcome, readSteps.groupEligibility, options.tenant, options.pimForGroups.reason ?? 'no reason given')
      : step('groupEligibility', async () => {
          // Always filtered per group: the service refuses the unfiltered listing (see readGroupEligibilityPerGroup).
          await directory;
          if (outcome.notCollected.some((n) => n.what === readSteps.groups.what)) throw new Error('the groups could not be listed');
          raw.groupEligibilities = await readGroupEligibilityPerGroup(
            client,
            raw.groups.values(),
            options.memberBatchSize,
            options.workers,
          );
        }),
    step('groupOwners', async () => {
      raw.groupOwners = await readGroupOwners(client, owners);
    }),
    step('servicePrincipals', async () => {
      raw.servicePrincipals = await readServicePrincipals(client, owners);
    }).then((ok) => (spRead = ok)),
    step('applications', async () => {
      raw.applications = await readApplications(client, owners);
    }),
    step('crossTenantPartners', async () => {
      raw.partners = await readCrossTenantPartners(client);
    }),
  ]);
  // Kept memberships (delta) may name service principals deleted since: the fresh full list says which exist.
  if (options.directoryReader && spRead) dropMissingServicePrincipals(raw);
  return { raw, outcome };
}

/** The tenant-wide listing, or per-key filtered listings when Graph answers that a filter is required. */
async function withFilterFallback<T>(all: () => Promise<T[]>, perKey: () => Promise<T[]>): Promise<T[]> {
  try {
    return await all();
  } catch (e) {
    if (!needsFilter(e)) throw e;
    return perKey();
  }
}

function dropMissingServicePrincipals(raw: RawTenant): void {
  const existing = new Set(raw.servicePrincipals.map((sp) => sp.id));
  for (const set of raw.members.values()) {
    for (const [id, type] of set) if (type === '#microsoft.graph.servicePrincipal' && !existing.has(id)) set.delete(id);
  }
}
