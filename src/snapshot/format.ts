import { z } from 'zod';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './format-version.js';
import { Collector, Source } from '../model/source.js';
import { AccountMapping, Person, RecordRow, Tool } from '../model/records.js';
import { DirectoryLink } from '../model/entitlement.js';
import { PasswordPolicy } from '../model/password-policy.js';
import { AccountNode, ApplicationNode, ForeignNode, GroupNode, RoleNode } from '../estate/estate.js';

/**
 * The snapshot: JSON Lines, one record per line, so an estate of any size streams in and out
 * (one JSON document cannot hold a million-account estate: V8 strings stop at ~512 MiB).
 * Line 1 is the header, then sources, principals (their position among account/group/foreign lines
 * is their index, used by group members, role principals and owners), other records, and a final
 * `end` line with counts, so a truncated file is detected.
 */
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION };

export const SnapshotHeader = z
  .object({
    kind: z.literal('header'),
    format: z.literal(SNAPSHOT_FORMAT),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    tool: z.object({ name: z.string(), version: z.string() }).strict(),
    collectedBy: Collector.optional().describe('User and host that ran the collection.'),
  })
  .strict();

export const SnapshotEnd = z
  .object({
    kind: z.literal('end'),
    principals: z.number().int().nonnegative(),
    lines: z.number().int().nonnegative(),
  })
  .strict();

/**
 * The record sets a `record` line may hold (the CIP sets of src/connectors/csv/record-sets.ts; roster, tools
 * and mappings have lines of their own). test/snapshot/format-strict.test.ts keeps the two lists in step.
 */
export const RECORD_SETS = ['authorizations', 'training', 'pra', 'shared-accounts', 'privileges', 'tfe', 'reviews'] as const;

/**
 * Every record is strict: a field the format does not define is an error naming it, never dropped. A
 * snapshot is evidence, and a field silently ignored (an "isAdmin" added by hand) would be read as if
 * demarc had checked it.
 */
export const SnapshotLine = z.discriminatedUnion('kind', [
  SnapshotHeader,
  Source.extend({ kind: z.literal('source'), sourceKind: Source.shape.kind }).strict(),
  AccountNode.strict(),
  GroupNode.strict(),
  ForeignNode.strict(),
  RoleNode.strict(),
  ApplicationNode.strict(),
  DirectoryLink.extend({ kind: z.literal('link'), linkKind: DirectoryLink.shape.kind }).strict(),
  Person.extend({ kind: z.literal('person') }).strict(),
  Tool.extend({ kind: z.literal('tool') }).strict(),
  AccountMapping.extend({ kind: z.literal('mapping') }).strict(),
  RecordRow.extend({
    kind: z.literal('record'),
    set: z.enum(RECORD_SETS, { error: (i) => `unknown record set ${JSON.stringify(i.input)} (known: ${RECORD_SETS.join(', ')})` }),
  }).strict(),
  PasswordPolicy.extend({ kind: z.literal('password-policy'), policyKind: PasswordPolicy.shape.kind }).strict(),
  SnapshotEnd,
]);
export type SnapshotLine = z.infer<typeof SnapshotLine>;
