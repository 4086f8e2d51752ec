import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { emptyEstate, type Estate } from '../estate/estate.js';
import { Persons } from '../estate/persons.js';
import { Principals } from '../estate/principals.js';
import type { Column, TableImage } from '../estate/raw-table.js';
import { errorMessage } from '../util/errors.js';
import { TOOL_VERSION } from '../version.js';
import { readWhole } from './read-whole.js';
import { INDEX_FORMAT, INDEX_VERSION, IndexBody, IndexHeader } from './index-format.js';

/** What reading through an index gave: the estate, or why the index could not be used (the snapshot is then read in full). */
export type IndexedRead = { estate: Estate } | { unusable: string };

const pad8 = (n: number): number => (n + 7) & ~7;
/** The compiled hashing thread beside this module; absent when running from the TypeScript sources. */
const HASH_WORKER = new URL('./hash-worker.js', import.meta.url);

/**
 * The snapshot's bytes and SHA-256, read on a thread of their own when the compiled thread is there (so
 * that reading and hashing the snapshot and the index overlap), else here. `stop` ends the thread early.
 */
function snapshotBytes(path: string): { done: Promise<{ bytes: Buffer; sha256: string }>; stop: () => void } {
  if (!existsSync(fileURLToPath(HASH_WORKER))) {
    const read = Promise.resolve().then(() => readWhole(path, true));
    return { done: read, stop: () => {} };
  }
  const w = new Worker(HASH_WORKER, { workerData: { path } });
  const done = new Promise<{ bytes: Buffer; sha256: string }>((resolve, reject) => {
    w.once('message', (m: { bytes?: ArrayBuffer; sha256?: string; error?: string }) => {
      if (m.error !== undefined || !m.bytes) reject(new Error(m.error ?? 'no bytes'));
      else resolve({ bytes: Buffer.from(m.bytes), sha256: m.sha256! });
    });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the hashing thread stopped (exit code ${code})`)));
  });
  const stop = (): void => void w.terminate();
  void done.then(stop, stop);
  return { done, stop };
}

const CTORS = { u8: Uint8Array, u16: Uint16Array, i32: Int32Array, f64: Float64Array } as const;

/** A column as a view of the index's bytes (copied only when it does not lie at a multiple of its element size). */
function columnOf(cols: Buffer, place: IndexBody['principals']['columns'][string]): Column {
  const Ctor = CTORS[place.type];
  const size = Ctor.BYTES_PER_ELEMENT;
  if (place.offset + place.bytes > cols.length || place.bytes % size !== 0) throw new RangeError('a column lies outside the index');
  const at = cols.byteOffset + place.offset;
  if (at % size === 0) return new Ctor(cols.buffer as ArrayBuffer, at, place.bytes / size);
  const copy = new Ctor(place.bytes / size);
  new Uint8Array(copy.buffer, 0, place.bytes).set(cols.subarray(place.offset, place.offset + place.bytes));
  return copy;
}

function imageOf(cols: Buffer, t: IndexBody['principals']): TableImage {
  const columns: Record<string, Column> = {};
  for (const [name, place] of Object.entries(t.columns)) columns[name] = columnOf(cols, place);
  return { length: t.length, sources: t.sources, held: t.held, columns };
}

/** Every raw line lies inside the snapshot and every member index names a principal (cheap, and a last guard). */
function consistent(estate: Estate, img: TableImage, snapshotBytes: number): string | undefined {
  const chunk = img.columns.chunk as Int32Array;
  const start = img.columns.start as Int32Array;
  const end = img.columns.end as Int32Array;
  for (let i = 0; i < img.length; i++)
    if (chunk[i]! >= 0 && !(chunk[i] === 0 && start[i]! >= 0 && start[i]! <= end[i]! && end[i]! <= snapshotBytes))
      return `row ${i} lies outside the snapshot`;
  const members = img.columns.members as Int32Array | undefined;
  if (members) {
    const n = estate.principals.length;
    for (let k = 0; k < members.length; k++)
      if (members[k]! < 0 || members[k]! >= n) return `member index ${members[k]} beyond the principals`;
    const from = img.columns.membersFrom as Int32Array;
    const to = img.columns.membersTo as Int32Array;
    for (let i = 0; i < img.length; i++)
      if (from[i]! > to[i]! || to[i]! > members.length) return `member range of row ${i} outside the member table`;
    const m = estate.principals.memberOf;
    if (m) {
      if (m.start[0] !== 0 || m.start[n] !== m.to.length) return 'the reverse member lists do not cover their table';
      for (let v = 0; v < n; v++) if (m.start[v]! > m.start[v + 1]!) return `the reverse member list of row ${v} ends before it starts`;
      for (let k = 0; k < m.to.length; k++)
        if (m.to[k]! < 0 || m.to[k]! >= n) return `reverse member index ${m.to[k]} beyond the principals`;
    }
  }
  return undefined;
}

/**
 * Reads `snapshot` through its index `index` (see index-format.ts): the tables come from the index, the
 * lines they point at from the snapshot, read whole. The index is used only when it was written by this
 * demarc for these very bytes: its header's format and versions, the snapshot's size and SHA-256, and the
 * body's size and SHA-256 are checked first, and the tables' ranges last; otherwise the answer says why
 * not, and the caller reads the snapshot line by line, as without an index.
 */
export async function readIndexed(snapshot: string, index: string): Promise<IndexedRead> {
  const snap = snapshotBytes(snapshot);
  try {
    return await readThrough(index, snap.done);
  } finally {
    snap.stop();
    // A rejection nobody awaits (the index was refused first) must not surface as unhandled.
    snap.done.catch(() => undefined);
  }
}

async function readThrough(index: string, snapshotRead: Promise<{ bytes: Buffer; sha256: string }>): Promise<IndexedRead> {
  let file: Buffer;
  try {
    file = readWhole(index, false).bytes;
  } catch (e) {
    return { unusable: `cannot read it: ${errorMessage(e)}` };
  }
  const nl = file.indexOf(10);
  let header: IndexHeader;
  try {
    const h = IndexHeader.safeParse(JSON.parse(file.subarray(0, nl < 0 ? 0 : nl).toString('utf8')));
    if (!h.success) return { unusable: 'its header is not a demarc snapshot index header' };
    header = h.data;
  } catch {
    return { unusable: 'it is not a demarc snapshot index (no header line)' };
  }
  if (header.format !== INDEX_FORMAT || header.version !== INDEX_VERSION || header.demarc !== TOOL_VERSION)
    return {
      unusable: `it was written by demarc ${header.demarc} (index version ${header.version}); this is demarc ${TOOL_VERSION} (index version ${INDEX_VERSION})`,
    };
  const body = file.subarray(pad8(nl + 1));
  if (body.length !== header.body.bytes || createHash('sha256').update(body).digest('hex') !== header.body.sha256)
    return { unusable: 'it is damaged (its body does not match the SHA-256 its header states)' };
  let snap: { bytes: Buffer; sha256: string };
  try {
    snap = await snapshotRead;
  } catch (e) {
    return { unusable: `cannot read the snapshot: ${errorMessage(e)}` };
  }
  if (snap.bytes.length !== header.snapshot.bytes || snap.sha256 !== header.snapshot.sha256)
    return { unusable: 'the snapshot is not the one it was written for (its SHA-256 differs): the snapshot changed since' };
  try {
    const jsonBytes = body.readUInt32LE(0);
    const parsed = IndexBody.parse(JSON.parse(body.subarray(4, 4 + jsonBytes).toString('utf8')));
    const cols = body.subarray(pad8(4 + jsonBytes));
    const pImg = imageOf(cols, parsed.principals);
    const qImg = imageOf(cols, parsed.persons);
    const estate: Estate = Object.assign(emptyEstate(), parsed.rest, {
      principals: Principals.fromImage(snap.bytes, pImg),
      persons: Persons.fromImage(snap.bytes, qImg),
    });
    const bad = consistent(estate, pImg, snap.bytes.length) ?? consistent(estate, qImg, snap.bytes.length);
    if (bad) return { unusable: `it is inconsistent: ${bad}` };
    return { estate };
  } catch (e) {
    return { unusable: `it is damaged: ${errorMessage(e)}` };
  }
}
