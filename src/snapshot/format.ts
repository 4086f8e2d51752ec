import { z } from 'zod';
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
export const SNAPSHOT_FORMAT = 'demarc-snapshot';
export const SNAPSHOT_VERSION = 1;

export const SnapshotHeader = z.object({
  kind: z.literal('header'),
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  tool: z.object({ name: z.string(), version: z.string() }),
  collectedBy: Collector.optional().describe('User and host that ran the collection.'),
});

export const SnapshotEnd = z.object({
  kind: z.literal('end'),
  principals: z.number().int().nonnegative(),
  lines: z.number().int().nonnegative(),
});

export const SnapshotLine = z.discriminatedUnion('kind', [
  SnapshotHeader,
  Source.extend({ kind: z.literal('source'), sourceKind: Source.shape.kind }).omit({}),
  AccountNode,
  GroupNode,
  ForeignNode,
  RoleNode,
  ApplicationNode,
  DirectoryLink.extend({ kind: z.literal('link'), linkKind: DirectoryLink.shape.kind }),
  Person.extend({ kind: z.literal('person') }),
  Tool.extend({ kind: z.literal('tool') }),
  AccountMapping.extend({ kind: z.literal('mapping') }),
  RecordRow.extend({ kind: z.literal('record') }),
  PasswordPolicy.extend({ kind: z.literal('password-policy'), policyKind: PasswordPolicy.shape.kind }),
  SnapshotEnd,
]);
export type SnapshotLine = z.infer<typeof SnapshotLine>;
