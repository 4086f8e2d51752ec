import { z } from 'zod';

/**
 * A snapshot index: the tables a full read of one snapshot builds, stored beside it so that a command run
 * again and again on the same snapshot (a pre-deployment `demarc check` on every change ticket) reads
 * them in one go instead of scanning and validating every line again.
 *
 * Layout: one JSON header line (IndexHeader), zero bytes up to a multiple of 8, then the body: a 4-byte
 * little-endian length, the body's own JSON (IndexBody: where each column lies and the estate's small
 * parts), zero bytes up to a multiple of 8, and the columns, each at a multiple of 8 from the first. The header binds the index to the snapshot's bytes (size and SHA-256) and to its own body
 * (size and SHA-256), so a stale or damaged index is told apart before anything of it is used.
 */
export const INDEX_FORMAT = 'demarc-snapshot-index';
/** Raised whenever what an index holds, or how the reader builds its tables, changes. */
export const INDEX_VERSION = 1;

const Digest = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const IndexHeader = z.object({
  format: z.literal(INDEX_FORMAT),
  version: z.number().int(),
  /** The demarc version that wrote it: tables built by another version are not trusted to be the same. */
  demarc: z.string(),
  snapshot: Digest,
  body: Digest,
});
export type IndexHeader = z.infer<typeof IndexHeader>;

export const COLUMN_TYPES = ['u8', 'u16', 'i32', 'f64'] as const;

const ColumnPlace = z.object({
  type: z.enum(COLUMN_TYPES),
  /** Bytes from the first column (a multiple of 8), and byte length. */
  offset: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});

const TablePlace = z.object({
  length: z.number().int().nonnegative(),
  sources: z.array(z.string()),
  /** Records held as objects: [index, record]. */
  held: z.array(z.tuple([z.number().int().nonnegative(), z.unknown()])),
  columns: z.record(z.string(), ColumnPlace),
});

export const IndexBody = z.object({
  principals: TablePlace,
  persons: TablePlace,
  /** Everything of the estate but its two tables, as JSON (the snapshot's other records, validated when read). */
  rest: z.record(z.string(), z.unknown()),
});
export type IndexBody = z.infer<typeof IndexBody>;

/** The index a snapshot's own commands look for when `--index` names no file. */
export const defaultIndexPath = (snapshot: string): string => `${snapshot}.index`;
