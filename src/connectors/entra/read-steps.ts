import type { SourceProblem } from '../../model/source.js';
import { GraphError } from './graph-error.js';
import { TokenError } from './token-provider.js';

export interface ReadStep {
  what: string;
  /** Least-privileged application permission that allows the read. */
  permission: string;
  /** When true, failing to read makes the source incomplete: rules depend on it. */
  critical: boolean;
  /**
   * Refused for want of a licence: true leaves the source incomplete (the refusal alone does not prove the
   * tenant holds nothing there; the configuration must say so), false reports it as a warning.
   */
  licenceRefusalIncomplete?: boolean;
  /** The configuration that records the tenant has no such feature, named in the message. */
  absenceOption?: string;
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
  groupEligibility: {
    what: 'PIM for groups eligibility',
    permission: 'PrivilegedEligibilitySchedule.Read.AzureADGroup',
    critical: true,
    licenceRefusalIncomplete: true,
    absenceOption: 'pimForGroups: { available: false, reason: ... }',
  },
  groupOwners: { what: 'group owners', permission: 'GroupMember.Read.All', critical: true },
  servicePrincipals: { what: 'service principals and their owners', permission: 'Application.Read.All', critical: true },
  applications: { what: 'application registrations and their owners', permission: 'Application.Read.All', critical: true },
  crossTenantPartners: { what: 'cross-tenant access partners', permission: 'Policy.Read.All', critical: true },
} as const satisfies Record<string, ReadStep>;
export type ReadStepName = keyof typeof readSteps;

export interface StepOutcome {
  problems: SourceProblem[];
  notCollected: { what: string; reason: string }[];
}

/**
 * Error codes Graph answers when the tenant lacks the licence a feature needs, decided on the code alone
 * (messages change and are localised): PIM reads on a tenant without Entra ID P2 answer 400
 * `AadPremiumLicenseRequired` (reported in microsoft/EntraExporter#61 and Galvnyz/M365-Assess#117);
 * `signInActivity` without P1 answers 403 `Authentication_RequestFromNonPremiumTenantOrB2CTenant` (as public
 * clients of Graph report; the licence itself is documented at https://learn.microsoft.com/graph/api/resources/signinactivity).
 */
const licenceCodes = new Set(['AadPremiumLicenseRequired', 'Authentication_RequestFromNonPremiumTenantOrB2CTenant']);

export const isLicenceError = (e: GraphError): boolean => (e.status === 400 || e.status === 403) && licenceCodes.has(e.code);

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
    reason = `the tenant does not have the licence this feature needs (Graph answered ${e.status} ${e.code})`;
    code = 'feature-unavailable';
    if (step.licenceRefusalIncomplete) {
      if (step.absenceOption) reason += `; if the tenant has none, record it on the source with ${step.absenceOption}`;
    } else {
      // Without the licence the feature holds nothing that can be activated: reported, not incomplete.
      level = 'warning';
    }
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

/**
 * After a listing failed part-way, says how much of it was kept (the pages read before the failure), in
 * the step's "not collected" entry and its problem: the source is incomplete, and the reader knows how far it got.
 */
export function notePartial(outcome: StepOutcome, step: ReadStep, kept: number): void {
  if (kept === 0) return;
  const suffix = `; the ${kept} read before the failure are kept`;
  const entry = outcome.notCollected.findLast((n) => n.what === step.what);
  if (entry) entry.reason += suffix;
  const problem = outcome.problems.findLast((p) => p.message.includes(`: ${step.what} not collected, because `));
  if (problem) problem.message += suffix;
}

/** A feature the configuration says the tenant does not have: not read, and said so in every output. */
export function recordDeclaredAbsence(outcome: StepOutcome, step: ReadStep, tenant: string, reason: string): void {
  const why = `the configuration records that the tenant has none (${reason})`;
  outcome.notCollected.push({ what: step.what, reason: `not collected, because ${why}` });
  outcome.problems.push({
    level: 'warning',
    code: 'feature-declared-absent',
    message: `tenant ${tenant}: ${step.what} not collected, because ${why}`,
  });
}
