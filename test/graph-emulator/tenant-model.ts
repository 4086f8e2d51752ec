/** Fixture format of an emulated tenant: Graph v1.0 objects as Graph returns them, plus registered apps. */

export type GraphObject = { id: string } & Record<string, unknown>;

export interface EmulatedApp {
  clientId: string;
  /** Accepted client secret, if any. */
  secret?: string;
  /** PEM certificates whose private keys may sign client assertions. */
  certificates?: string[];
  /** Granted application permissions (roles in the token), e.g. `User.Read.All`. */
  permissions: string[];
}

export interface EmulatedTenant {
  id: string;
  displayName: string;
  domains: string[];
  apps: EmulatedApp[];
  /**
   * Features that need a licence; absent means licensed. `pim: false` is a tenant without Entra ID P2: every
   * PIM read (directory role eligibility, PIM for groups) answers 400 `AadPremiumLicenseRequired`.
   */
  licensed?: { pim?: boolean; signInActivity?: boolean };
  /**
   * Role assignments and eligibility schedules can only be listed with `$filter=roleDefinitionId eq '...'`
   * (or principalId), answered 400 `MissingParameters` otherwise. v1.0 documents the filter as optional;
   * this models a service that insists. (PIM for groups schedules always require their filter, as documented.)
   */
  rolesRequireFilter?: boolean;
  /** Listings with `$expand` are refused (400 `Request_UnsupportedQuery`), as a service may do for a navigation property. */
  refuseExpand?: boolean;
  users: GraphObject[];
  /** `members` holds direct member ids (users, groups, service principals, devices); `owners` user or service principal ids. */
  groups: (GraphObject & { members?: string[]; owners?: string[] })[];
  servicePrincipals: (GraphObject & { owners?: string[] })[];
  applications: (GraphObject & { owners?: string[] })[];
  devices?: GraphObject[];
  roleDefinitions: GraphObject[];
  roleAssignments: GraphObject[];
  roleEligibilitySchedules: GraphObject[];
  groupEligibilitySchedules: GraphObject[];
  crossTenantPartners: (Record<string, unknown> & { tenantId: string })[];
}

/** Fast id -> @odata.type lookup for large tenants. */
export function typeIndex(t: EmulatedTenant): Map<string, string> {
  const m = new Map<string, string>();
  for (const u of t.users) m.set(u.id, '#microsoft.graph.user');
  for (const g of t.groups) m.set(g.id, '#microsoft.graph.group');
  for (const s of t.servicePrincipals) m.set(s.id, '#microsoft.graph.servicePrincipal');
  for (const d of t.devices ?? []) m.set(d.id, '#microsoft.graph.device');
  return m;
}
