import type { SourceProblem } from '../../model/source.js';
import { GraphError } from './graph-error.js';
import { TokenError } from './token-provider.js';

export interface ReadStep {
  what: string;
  /** Least-privileged application permission that allows the read. */
  permission: string;
  /** When true, failing to read makes the source incomplete: rules depend on it. */
  critical: boolean;
}

/** What the connector reads, with the permission each read needs and whether rules depend on it. */
export const readSteps = {
  organization: { what: 'organization (tenant name)', permission: 'Organization.Read.All', critical: false },
  users: { what: 'users', permission: 'User.Read.All', critical: true },
  signInActivity: { what: "users' sign-in activity", permission: 'AuditLog.Read.All', critical: false },
  groups: { what: 'groups', permission: 'GroupMember.Read.All', critical: true },
  memberships: { what: 'group memberships', permission: 'GroupMember.Read.All', critical: true },
  roleDefinitions: { what: 'directory role definitions', permission: 'RoleManagement.Read.Directory', critical: true },
  roleAssignments: { what: 'active directory role assignments', permission: 'RoleManagement.Read.Directory', critical: true },
  roleEligibility: {
    what: 'PIM-eligible directory role assignments',
    permission: 'RoleEligibilitySchedule.Read.Directory',
    critical: true,
  },
  groupEligibility: { what: 'PIM for groups eligibility', permission: 'PrivilegedEligibilitySchedule.Read.AzureADGroup', critical: true },
  servicePrincipals: { what: 'service principals and their owners', permission: 'Application.Read.All', critical: true },
  applications: { what: 'application registrations and their owners', permission: 'Application.Read.All', critical: true },
  crossTenantPartners: { what: 'cross-tenant access partners', permission: 'Policy.Read.All', critical: true },
} as const satisfies Record<string, ReadStep>;
export type ReadStepName = keyof typeof readSteps;

export interface StepOutcome {
  problems: SourceProblem[];
  notCollected: { what: string; reason: string }[];
}

const licenceCodes = /licen[cs]e|premium|notonboarded|not onboarded/i;

export const isLicenceError = (e: GraphError): boolean =>
  (e.status === 400 || e.status === 403) && (licenceCodes.test(e.code) || licenceCodes.test(e.message));

export const isPermissionError = (e: GraphError): boolean => e.status === 403 || e.status === 401;

/** Turns a failed read into "not collected, because ..." and, for reads rules need, an `incomplete` problem. */
export function recordFailure(outcome: StepOutcome, step: ReadStep, tenant: string, e: unknown): void {
  let reason: string;
  let code: string;
  let level: SourceProblem['level'] = step.critical ? 'incomplete' : 'warning';
  if (e instanceof TokenError) {
    reason = `no token could be obtained (${e.message})`;
    code = 'authentication-failed';
  } else if (e instanceof GraphError && isLicenceError(e)) {
    // Without the licence the feature holds nothing that can be activated: reported, not incomplete.
    reason = `the tenant does not have the licence this feature needs (Graph answered ${e.status} ${e.code})`;
    code = 'feature-unavailable';
    level = 'warning';
  } else if (e instanceof GraphError && isPermissionError(e)) {
    reason = `the application lacks the ${step.permission} application permission (Graph answered ${e.status} ${e.code})`;
    code = 'permission-missing';
  } else if (e instanceof GraphError) {
    reason = e.message;
    code = e.code === 'retryBudgetExhausted' || e.code === 'retryAttemptsExhausted' ? 'throttled-out' : 'collection-failed';
  } else {
    reason = e instanceof Error ? e.message : String(e);
    code = 'collection-failed';
  }
  outcome.notCollected.push({ what: step.what, reason: `not collected, because ${reason}` });
  outcome.problems.push({ level, code, message: `tenant ${tenant}: ${step.what} not collected, because ${reason}` });
}
