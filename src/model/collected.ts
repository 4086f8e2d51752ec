import { z } from 'zod';
import { Source } from './source.js';
import { Account, Foreign, Group } from './principal.js';
import { Application, DirectoryLink, RoleAssignment } from './entitlement.js';
import { AccountMapping, Person, RecordRow, Tool } from './records.js';
import { PasswordPolicy } from './password-policy.js';

/** A group as a connector hands it over: members named by id or DN of principals in the same source. */
export const CollectedGroup = Group.extend({
  members: z.array(z.string()).default([]),
});
export type CollectedGroup = z.infer<typeof CollectedGroup>;

/**
 * What one connector produces for one source: normalised records with string references.
 * The estate assembler interns the references (see ../estate/assemble.ts); connectors never index.
 * This is also the `normalized` offline export format (YAML or JSON), for estates exported by other means.
 */
export const CollectedSource = z.object({
  source: Source,
  accounts: z.array(Account).default([]),
  groups: z.array(CollectedGroup).default([]),
  foreign: z.array(Foreign).default([]),
  roleAssignments: z.array(RoleAssignment).default([]),
  applications: z.array(Application).default([]),
  links: z.array(DirectoryLink).default([]),
  persons: z.array(Person).default([]),
  tools: z.array(Tool).default([]),
  mappings: z.array(AccountMapping).default([]),
  records: z.array(RecordRow).default([]),
  passwordPolicies: z.array(PasswordPolicy).default([]),
});
export type CollectedSource = z.infer<typeof CollectedSource>;
export type CollectedSourceInput = z.input<typeof CollectedSource>;
