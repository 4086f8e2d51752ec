import type { DirectoryLink } from '../model/entitlement.js';
import type { AccountMapping, RecordRow, Tool } from '../model/records.js';
import type { Collector, Source } from '../model/source.js';
import type { PasswordPolicy } from '../model/password-policy.js';
import { Principals } from './principals.js';
import { Persons } from './persons.js';
import type { ApplicationNode, RoleNode } from './nodes.js';

export * from './nodes.js';

/**
 * The indexed estate the engine evaluates. Principals (accounts, groups, foreign members) share one
 * index space: position in `principals`. References between records are those positions, interned once
 * when the estate is assembled or the snapshot written, so evaluation never looks strings up per edge.
 */
export interface Estate {
  createdAt: string;
  /** Who ran the collection, when known (written to the snapshot header). */
  collectedBy?: Collector;
  sources: Source[];
  principals: Principals;
  roleAssignments: RoleNode[];
  applications: ApplicationNode[];
  links: DirectoryLink[];
  persons: Persons;
  tools: Tool[];
  mappings: AccountMapping[];
  records: RecordRow[];
  /** Password and lockout policies the directories state (CIP-007-6 R5.5-R5.7). */
  passwordPolicies: PasswordPolicy[];
}

export const emptyEstate = (createdAt = '', principals = new Principals(), persons = new Persons()): Estate => ({
  createdAt,
  sources: [],
  principals,
  roleAssignments: [],
  applications: [],
  links: [],
  persons,
  tools: [],
  mappings: [],
  records: [],
  passwordPolicies: [],
});
