import type {
  RawApplication,
  RawCrossTenantPartner,
  RawGroup,
  RawGroupEligibility,
  RawOrganization,
  RawRoleAssignment,
  RawRoleDefinition,
  RawSchedule,
  RawServicePrincipal,
  RawUser,
} from './graph-types.js';
import type { MemberMap } from './members.js';

/** Everything read from one tenant, as Graph returned it (selected fields only), before normalisation. */
export interface RawTenant {
  organization?: RawOrganization;
  users: Map<string, RawUser>;
  groups: Map<string, RawGroup>;
  members: MemberMap;
  /** groupId -> owner ids (users or service principals of the same tenant). */
  groupOwners: Map<string, string[]>;
  servicePrincipals: RawServicePrincipal[];
  applications: RawApplication[];
  roleDefinitions: RawRoleDefinition[];
  roleAssignments: RawRoleAssignment[];
  roleEligibilities: RawSchedule[];
  groupEligibilities: RawGroupEligibility[];
  partners: RawCrossTenantPartner[];
}

export const emptyRawTenant = (): RawTenant => ({
  users: new Map(),
  groups: new Map(),
  members: new Map(),
  groupOwners: new Map(),
  servicePrincipals: [],
  applications: [],
  roleDefinitions: [],
  roleAssignments: [],
  roleEligibilities: [],
  groupEligibilities: [],
  partners: [],
});
