import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { Estate } from '../estate/estate.js';
import { memberOfIndex } from '../estate/member-of.js';
import type { Column, TableImage } from '../estate/raw-table.js';
import { replaceAtomically } from '../util/atomic-write.js';
import { InputError } from '../util/errors.js';
import { sha256File } from '../util/files.js';
import { TOOL_VERSION } from '../version.js';
import { INDEX_FORMAT, INDEX_VERSION, type COLUMN_TYPES, type IndexBody, type IndexHeader } from './index-format.js';
import { readSnapshotLaidOut, type ReadSnapshotOptions } from './read-snapshot.js';

/** Line byte ranges are 32-bit in the tables: larger snapshots are read line by line every time. */
export const INDEX_MAX_SNAPSHOT = 0x7fffffff;

const typeOf = (c: Column): (typeof COLUMN_TYPES)[number] =>
  c instanceof Uint8Array ? 'u8' : c instanceof Uint16Array ? 'u16' : c instanceof Int32Array ? 'i32' : 'f64';

const pad8 = (n: number): number => (n + 7) & ~7;

/** The estate's parts other than its two tables (small: sources, tools, records, ...), as the body holds them. */
export function restOf(estate: Estate): Record<string, unknown> {
  const { principals: _p, persons: _q, ...rest } = estate;
  return rest;
}

export interface IndexWritten {
  bytes: number;
  principals: number;
  persons: number;
  snapshotSha256: string;
}

/**
 * Reads `snapshot` in full (every check of a normal read) and writes its index to `out`, owner-only and
 * atomically. Refuses a compressed snapshot and one of 2 GiB or more, and a snapshot that changed while
 * it was read (its size, time or inode differ before and after).
 */
export async function writeSnapshotIndex(snapshot: string, out: string, options: ReadSnapshotOptions = {}): Promise<IndexWritten> {
  if (snapshot.endsWith('.gz'))
    throw new InputError('a compressed snapshot cannot be indexed', { file: snapshot }, 'decompress it (gunzip -k) and index the .jsonl');
  const before = await stat(snapshot);
  if (before.size > INDEX_MAX_SNAPSHOT)
    throw new InputError(`the snapshot is ${before.size} bytes: only snapshots under 2 GiB can be indexed`, { file: snapshot });
  const sha = await sha256File(snapshot);
  const { estate, chunkAt } = await readSnapshotLaidOut(snapshot, options);
  const after = await stat(snapshot);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || after.ino !== before.ino)
    throw new InputError('the snapshot changed while it was indexed', { file: snapshot }, 'index it again once it is written');
  const at = (c: number): number => {
    const o = chunkAt[c];
    if (o === undefined || o < 0) throw new Error(`chunk ${c} of the snapshot has no file offset`);
    return o;
  };
  const principals = estate.principals.image(at);
  // Beyond a full read's tables: the reverse member lists a check's region walk reads (estate/member-of.ts).
  const memberOf = memberOfIndex(estate.principals);
  principals.columns.memberOfStart = memberOf.start;
  principals.columns.memberOfTo = memberOf.to;
  // And the hashes of every hot string, so that a scan for a plan's few names passes over the rest.
  principals.columns.keyHash = estate.principals.keyHashes();
  const persons = estate.persons.image(at);
  persons.columns.keyHash = estate.persons.keyHashes();
  const tables = { principals, persons };
  const pieces: Buffer[] = [];
  let offset = 0;
  const place = (img: TableImage): IndexBody['principals'] => {
    const columns: IndexBody['principals']['columns'] = {};
    for (const [name, col] of Object.entries(img.columns)) {
      const bytes = Buffer.from(col.buffer, col.byteOffset, col.byteLength);
      columns[name] = { type: typeOf(col), offset, bytes: bytes.length };
      pieces.push(bytes);
      const gap = pad8(bytes.length) - bytes.length;
      if (gap > 0) pieces.push(Buffer.alloc(gap));
      offset += pad8(bytes.length);
    }
    return { length: img.length, sources: img.sources, held: img.held, columns };
  };
  const body: IndexBody = { principals: place(tables.principals), persons: place(tables.persons), rest: restOf(estate) };
  // Column offsets count from the first column, which follows the body's JSON padded to 8 bytes.
  const json = Buffer.from(JSON.stringify(body));
  const head = Buffer.alloc(4);
  head.writeUInt32LE(json.length);
  const lead = pad8(4 + json.length);
  const bodyParts = [head, json, Buffer.alloc(lead - 4 - json.length), ...pieces];
  const hash = createHash('sha256');
  let bodyBytes = 0;
  for (const p of bodyParts) {
    hash.update(p);
    bodyBytes += p.length;
  }
  const header: IndexHeader = {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    demarc: TOOL_VERSION,
    snapshot: { bytes: before.size, sha256: sha },
    body: { bytes: bodyBytes, sha256: hash.digest('hex') },
  };
  const headLine = Buffer.from(`${JSON.stringify(header)}\n`);
  const parts = [headLine, Buffer.alloc(pad8(headLine.length) - headLine.length), ...bodyParts];
  await replaceAtomically(out, async (tmp) => {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      for (const p of parts) for (let w = 0; w < p.length;) w += (await fh.write(p, w, p.length - w)).bytesWritten;
    } finally {
      await fh.close();
    }
  });
  return {
    bytes: parts.reduce((s, p) => s + p.length, 0),
    principals: estate.principals.length,
    persons: estate.persons.length,
    snapshotSha256: sha,
  };
}
