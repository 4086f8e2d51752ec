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

/**
 * The `normalized` export as a file is read strictly: a field the format does not define is an error naming
 * it, never dropped. An export is evidence, and a field silently ignored (an "isAdmin" added by hand) would be
 * read as if demarc had checked it. Nested objects keep their own schemas.
 */
export const StrictCollectedSource = z
  .object({
    source: Source.strict(),
    accounts: z.array(Account.strict()).default([]),
    groups: z.array(CollectedGroup.strict()).default([]),
    foreign: z.array(Foreign.strict()).default([]),
    roleAssignments: z.array(RoleAssignment.strict()).default([]),
    applications: z.array(Application.strict()).default([]),
    links: z.array(DirectoryLink.strict()).default([]),
    persons: z.array(Person.strict()).default([]),
    tools: z.array(Tool.strict()).default([]),
    mappings: z.array(AccountMapping.strict()).default([]),
    records: z.array(RecordRow.strict()).default([]),
    passwordPolicies: z.array(PasswordPolicy.strict()).default([]),
  })
  .strict();
