import { createReadStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { emptyEstate, type Estate, type PrincipalNode } from '../estate/estate.js';
import { emptyRawPrincipal, Principals } from '../estate/principals.js';
import { Persons } from '../estate/persons.js';
import { recordTable, scanRecordLine } from './record-line.js';
import { parseFlatLine } from './flat-line.js';
import type { Person } from '../model/records.js';
import { utf8 } from '../util/utf8.js';
import { InputError, errorMessage } from '../util/errors.js';
import { formatPath } from '../util/parse-document.js';
import { fastAccepts } from './fast-check.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SnapshotHeader, SnapshotLine } from './format.js';
import { invalidUtf8At } from '../util/text-bytes.js';
import { loneSurrogateEscapeAt } from './json-escapes.js';
import { UniqueIds } from './unique-ids.js';
import { lineRanges, readInThreads, workerAvailable } from './read-in-threads.js';
import type { ScannedChunk } from './scan-chunk.js';

/** The file's bytes in large chunks (decompressed for .gz); raw account lines keep pointing into them. */
function byteChunks(path: string): { raw: Readable; chunks: AsyncIterable<Buffer> } {
  const raw = createReadStream(path, { highWaterMark: 8 << 20 });
  return { raw, chunks: path.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw };
}

/**
 * Calls `line(buf, start, end)` for every line. Lines are read where they lie in each chunk; only a
 * line split across two chunks is copied into a buffer of its own.
 */
async function eachLine(
  chunks: AsyncIterable<Buffer>,
  line: (buf: Buffer, start: number, end: number) => void,
  quick: QuickLine,
  place: (buf: Buffer, fileOffset: number) => void,
): Promise<void> {
  let carry: Buffer[] = [];
  let carryAt = 0;
  let pos = 0;
  for await (const buf of chunks) {
    const at = pos;
    pos += buf.length;
    let s = 0;
    if (carry.length > 0) {
      const nl = buf.indexOf(10);
      if (nl < 0) {
        carry.push(buf);
        continue;
      }
      const joined = Buffer.concat([...carry, buf.subarray(0, nl)]);
      carry = [];
      place(joined, carryAt);
      line(joined, 0, joined.length);
      s = nl + 1;
    }
    place(buf, at);
    s = splitLines(buf, s, line, quick);
    if (s < buf.length) {
      if (carry.length === 0) carryAt = at + s;
      carry.push(buf.subarray(s));
    }
  }
  if (carry.length > 0) {
    const joined = Buffer.concat(carry);
    place(joined, carryAt);
    if (joined.length > 0) line(joined, 0, joined.length);
  }
}

/** Reads a record starting at `start` in place if it can, returning the index of its newline, else -1. */
type QuickLine = (buf: Buffer, start: number) => number;

/**
 * Calls `line` for each complete line of buf from `s`; returns where the unfinished last line starts.
 * Records `quick` reads are scanned once, their end found on the way; other lines are split here with a
 * plain loop (Buffer#indexOf costs a native call per line).
 */
function splitLines(buf: Buffer, s: number, line: (buf: Buffer, start: number, end: number) => void, quick: QuickLine): number {
  const n = buf.length;
  while (s < n) {
    const q = quick(buf, s);
    if (q >= 0) {
      s = q + 1;
      continue;
    }
    let p = s;
    while (p < n && buf[p] !== 10) p++;
    if (p === n) break;
    line(buf, s, p);
    s = p + 1;
  }
  return s;
}

const isBlank = (b: Buffer, s: number, e: number): boolean => {
  for (let k = s; k < e; k++) if (b[k] !== 0x20 && b[k] !== 0x09 && b[k] !== 0x0d) return false;
  return true;
};

export interface ReadSnapshotOptions {
  /**
   * Threads that scan the file: 1 reads it on this thread alone; more cut it into chunks of whole lines
   * scanned in parallel, the result the same. Default: the cores the process may use.
   */
  threads?: number;
  /** Files smaller than this (bytes) are read on this thread: starting threads would cost more than they save. */
  threadedFrom?: number;
  /** Bytes of the file per chunk a thread scans. */
  chunkBytes?: number;
  /** Told how the file was read: by how many threads, in how many chunks. */
  onRead?: (how: { threads: number; chunks: number }) => void;
}

/**
 * Below this size a snapshot is read on one thread. Measured at 100k accounts (a 38 MiB snapshot): one
 * thread 0.65 s, two 1.1 s (each worker loads its modules, and the chunks are merged on the main thread).
 */
const THREADED_FROM = 64 << 20;
const CHUNK_BYTES = 16 << 20;

/** Reads and validates a snapshot; every problem names the file, line and field. */
export async function readSnapshot(path: string, options: ReadSnapshotOptions = {}): Promise<Estate> {
  return (await readSnapshotLaidOut(path, options)).estate;
}

/**
 * A snapshot read as readSnapshot reads it, with where each chunk the tables keep starts in the file
 * (for a .gz file, in its decompressed bytes): what a snapshot index needs to name each line by its
 * byte range in the file.
 */
export async function readSnapshotLaidOut(
  path: string,
  options: ReadSnapshotOptions = {},
): Promise<{ estate: Estate; chunkAt: readonly number[] }> {
  const size = statSync(path).size;
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const threaded = threads > 1 && !path.endsWith('.gz') && size >= (options.threadedFrom ?? THREADED_FROM) && workerAvailable();
  const ranges = threaded ? lineRanges(path, size, options.chunkBytes ?? CHUNK_BYTES) : [];
  const reader = lineReader(path, size);
  if (threaded && ranges.length > 1) {
    options.onRead?.({ threads: Math.min(threads, ranges.length), chunks: ranges.length });
    try {
      await readInThreads(path, ranges, threads, reader.seed, reader.chunk);
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`cannot read snapshot: ${errorMessage(e)}`, { file: path, line: reader.line() || undefined });
    }
  } else {
    options.onRead?.({ threads: 1, chunks: 1 });
    const { raw, chunks } = byteChunks(path);
    reader.onStop(() => raw.destroy());
    try {
      await eachLine(chunks, reader.onLine, reader.quick, reader.place);
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`cannot read snapshot: ${errorMessage(e)}`, { file: path, line: reader.line() || undefined });
    }
  }
  return { estate: reader.finish(), chunkAt: reader.chunkAt };
}

/**
 * The reader's state and its steps: one line at a time (`onLine`, `quick`), or a chunk scanned by a
 * reading thread (`chunk`); `finish` checks what needs the whole file.
 */
function lineReader(path: string, size: number) {
  let stop = (): void => {};
  const fail = (line: number, message: string, hint?: string, fieldPath?: string): never => {
    stop();
    throw new InputError(message, { file: path, line, path: fieldPath }, hint);
  };
  const retained: Buffer[] = [];
  // Where each retained chunk starts in the file; the offset of a buffer is told before its lines come.
  const chunkAt: number[] = [];
  const offsetOf = new WeakMap<Buffer, number>();
  const place = (buf: Buffer, fileOffset: number): void => void offsetOf.set(buf, fileOffset);
  // Presized from the file size (a principal line is rarely under 256 bytes), so columns seldom grow.
  const rows = Math.ceil(size / 256);
  const estate: Estate = emptyEstate('', new Principals(retained, rows), new Persons(retained, rows));
  const scanned = emptyRawPrincipal();
  let current: Buffer | undefined;
  let n = 0;
  let blank = 0;
  let ended = false;
  // A principal or person twice in one source: which of the two is true cannot be told, so it is an error.
  const principalIds = new UniqueIds(
    (i) => estate.principals.str(i, 'id'),
    (i) => estate.principals.source(i),
    rows,
  );
  const personIds = new UniqueIds(
    (i) => estate.persons.str(i, 'id'),
    (i) => estate.persons.source(i),
  );
  const duplicate = (kind: number, first: number): never =>
    fail(
      n,
      kind === 2
        ? `two persons with id ${JSON.stringify(estate.persons.str(first, 'id'))} in source ${estate.persons.source(first)}`
        : `two principals with id ${JSON.stringify(estate.principals.str(first, 'id'))} in source ${estate.principals.source(first)} (the first is principal ${first})`,
      'ids are unique within a source; the file was edited or concatenated: recollect it',
    );
  const retain = (buf: Buffer): number => {
    if (current !== buf) {
      current = buf;
      scanned.chunk = retained.push(buf) - 1;
      chunkAt.push(offsetOf.get(buf) ?? -1);
    }
    return scanned.chunk;
  };
  const hold = (buf: Buffer, kind: number): void => {
    retain(buf);
    // The id lies at offsets[0] (the first hot string of both tables), unescaped: hashed from its bytes.
    const idAt = scanned.start + scanned.offsets[0]!;
    const idEnd = idAt + scanned.offsets[1]!;
    if (kind === 2) {
      const i = estate.persons.length;
      estate.persons.pushRaw(scanned);
      const first = personIds.addBytes(i, scanned.source, buf, idAt, idEnd);
      if (first >= 0) duplicate(2, first);
    } else {
      const i = estate.principals.pushRaw(scanned);
      const first = principalIds.addBytes(i, scanned.source, buf, idAt, idEnd);
      if (first >= 0) duplicate(kind, first);
    }
  };
  const holdObject = (value: { kind: string; id: string; source: string; members?: number[] }): void => {
    if (value.kind === 'person') {
      const { kind: _k, ...person } = value as unknown as Person & { kind: string };
      const i = estate.persons.length;
      estate.persons.push(person);
      const first = personIds.addString(i, person.source, person.id);
      if (first >= 0) duplicate(2, first);
      return;
    }
    const i = estate.principals.length;
    if (value.members?.includes(i)) selfMember(value.id, i);
    estate.principals.push(value as PrincipalNode);
    const first = principalIds.addString(i, value.source, value.id);
    if (first >= 0) duplicate(0, first);
  };
  const selfMember = (id: string, i: number): never =>
    fail(
      n,
      `group ${JSON.stringify(id)} lists itself as a member (index ${i} is this group's own position)`,
      'a group cannot contain itself; the file was edited or corrupted: recollect it',
      'members',
    );
  const sourceLines = new Map<string, number>();
  /** Records that name a source by id, with their lines, checked once every source is known. */
  const namesSource: { line: number; source: string; what: string }[] = [];
  // The common case, a record line demarc wrote: scanned once, in place, up to its newline.
  const quick: QuickLine = (buf, s) => {
    if (n === 0 || ended) return -1;
    const table = recordTable(buf, s, buf.length);
    if (!table || !scanRecordLine(table, buf, s, buf.length, scanned, estate.principals.memberSink, true, estate.principals.length))
      return -1;
    n++;
    hold(buf, table.kind);
    return scanned.end;
  };
  const onLine = (buf: Buffer, s: number, e: number): void => {
    n++;
    if (isBlank(buf, s, e)) {
      blank++;
      return;
    }
    if (ended) fail(n, 'content after the end record', 'the file was concatenated or edited; recreate it with demarc collect');
    // Plain account, group and person lines are read in place (see record-line.ts); the rest is parsed.
    const table = n > 1 ? recordTable(buf, s, e) : undefined;
    if (table && scanRecordLine(table, buf, s, e, scanned, estate.principals.memberSink, false, estate.principals.length))
      return hold(buf, table.kind);
    // Both readers above check UTF-8 as they scan; a line they leave is checked here before it is decoded
    // (Buffer#toString would turn bad bytes into U+FFFD without a word).
    let value: unknown = n > 1 ? parseFlatLine(buf, s, e) : undefined;
    if (value === undefined) {
      const bad = invalidUtf8At(buf, s, e);
      if (bad >= 0)
        fail(
          n,
          `not valid UTF-8 at byte ${bad - s + 1} of the line (RFC 3629: invalid, overlong or surrogate sequence)`,
          'a snapshot is UTF-8 text written by demarc; the file was edited or damaged: recollect it',
        );
      const surrogate = loneSurrogateEscapeAt(buf, s, e);
      if (surrogate >= 0)
        fail(
          n,
          `the escape ${utf8(buf, surrogate, surrogate + 6)} at byte ${surrogate - s + 1} of the line is half of a surrogate pair and stands for no character (RFC 8259 section 8.2)`,
          'the file was edited or damaged: recollect it',
        );
      try {
        value = JSON.parse(utf8(buf, s, e));
      } catch (err) {
        fail(n, `not valid JSON: ${errorMessage(err)}`, 'a snapshot has one JSON object per line');
      }
    }
    if (n === 1) {
      const h = SnapshotHeader.safeParse(value);
      const v = value as { format?: unknown; version?: unknown };
      if (v?.format !== SNAPSHOT_FORMAT) fail(1, 'not a demarc snapshot (no demarc-snapshot header on line 1)');
      if (v.version !== SNAPSHOT_VERSION) {
        fail(
          1,
          `snapshot format version ${String(v.version)} is not supported (this demarc reads version ${SNAPSHOT_VERSION})`,
          'collect again with this version, or use the demarc version that wrote it',
        );
      }
      if (!h.success) fail(1, `invalid header: ${h.error.issues[0]?.message}`, undefined, formatPath(h.error.issues[0]?.path ?? []));
      estate.createdAt = h.data!.createdAt;
      if (h.data!.collectedBy) estate.collectedBy = h.data!.collectedBy;
      return;
    }
    if (fastAccepts(value)) return holdObject(value as Parameters<typeof holdObject>[0]);
    const parsed = SnapshotLine.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      fail(n, `invalid record: ${issue.message}`, undefined, formatPath(issue.path));
    }
    const rec = parsed.data!;
    switch (rec.kind) {
      case 'account':
      case 'group':
      case 'foreign':
      case 'person':
        return holdObject(rec);
      case 'source': {
        const first = sourceLines.get(rec.id);
        if (first !== undefined) fail(n, `duplicate source "${rec.id}" (first on line ${first})`, 'source ids are unique in a snapshot');
        sourceLines.set(rec.id, n);
        break;
      }
      case 'mapping':
        if (rec.source !== undefined) namesSource.push({ line: n, source: rec.source, what: 'account mapping names source' });
        break;
      case 'role':
      case 'app':
      case 'link':
      case 'tool':
      case 'record':
        namesSource.push({ line: n, source: rec.source, what: `${rec.kind} record names source` });
        break;
    }
    add(estate, rec, n, fail);
    if (rec.kind === 'end') {
      ended = true;
      if (rec.principals !== estate.principals.length)
        fail(n, `end record counts ${rec.principals} principals but the file holds ${estate.principals.length}`);
      if (rec.lines !== n - blank)
        fail(n, `end record counts ${rec.lines} lines but the file holds ${n - blank}`, 'lines were added or removed: recollect it');
    }
  };
  /**
   * A chunk scanned by a reading thread (see scan-chunk.ts), taken in file order: its other lines go
   * through onLine, and its rows are appended between them, checked as `hold` checks them.
   */
  const chunk = (buf: Buffer, c: ScannedChunk, fileOffset: number): void => {
    place(buf, fileOffset);
    const base = n;
    const P = c.principals;
    const Q = c.persons;
    let p = 0;
    let q = 0;
    for (let k = 0; ; k++) {
      const at = k < c.otherCount ? c.other[k * 3]! : c.lines;
      let p1 = p;
      while (p1 < P.count && P.line[p1]! < at) p1++;
      let q1 = q;
      while (q1 < Q.count && Q.line[q1]! < at) q1++;
      if (p1 > p || q1 > q) holdRun(buf, c, base, p, p1, q, q1);
      p = p1;
      q = q1;
      if (k >= c.otherCount) break;
      n = base + at;
      onLine(buf, c.other[k * 3 + 1]!, c.other[k * 3 + 2]!);
    }
    n = base + c.lines;
  };
  const holdRun = (buf: Buffer, c: ScannedChunk, base: number, p0: number, p1: number, q0: number, q1: number): void => {
    const P = c.principals;
    const Q = c.persons;
    if (ended) {
      // Content after the end record: onLine names it, at the run's first line.
      const r = q0 < q1 && !(p0 < p1 && P.line[p0]! < Q.line[q0]!) ? Q : P;
      const k = r === Q ? q0 : p0;
      n = base + r.line[k]!;
      onLine(buf, r.rows.start[k]!, r.rows.end[k]!);
    }
    const at = retain(buf);
    const principals = estate.principals;
    const i0 = principals.pushRows(P.rows, p0, p1, at);
    const j0 = estate.persons.pushRows(Q.rows, q0, q1, at);
    // In file order, as `hold` meets them: a group among its own members (left by the single-thread
    // scan to the schema path, which refuses it), then a second id.
    for (let r = p0, t = q0; r < p1 || t < q1;) {
      if (t >= q1 || (r < p1 && P.line[r]! < Q.line[t]!)) {
        const i = i0 + r - p0;
        n = base + P.line[r]! + 1;
        if (P.rows.kind[r] === 1) {
          const m = principals.members(i);
          for (let k = 0; k < m.length; k++) if (m[k] === i) selfMember(principals.str(i, 'id')!, i);
        }
        const first = principalIds.addHashed(i, principals.source(i), P.hash[r]!);
        if (first >= 0) duplicate(P.rows.kind[r]!, first);
        r++;
      } else {
        const j = j0 + t - q0;
        n = base + Q.line[t]! + 1;
        const first = personIds.addHashed(j, estate.persons.source(j), Q.hash[t]!);
        if (first >= 0) duplicate(2, first);
        t++;
      }
    }
  };
  const finish = (): Estate => {
    if (n === 0) fail(1, 'empty file: not a demarc snapshot');
    if (!ended) fail(n, 'the snapshot ends without its end record: the file is truncated', 'copy the file again or recollect');
    for (const r of namesSource)
      if (!sourceLines.has(r.source))
        throw new InputError(
          `${r.what} "${r.source}", which the snapshot does not hold`,
          { file: path, line: r.line },
          'the file was edited or corrupted; recollect it',
        );
    checkReferences(estate, path);
    return estate;
  };
  return {
    onLine,
    quick,
    chunk,
    place,
    chunkAt,
    finish,
    seed: principalIds.seed,
    line: () => n,
    onStop: (f: () => void) => (stop = f),
  };
}

function add(estate: Estate, rec: SnapshotLine, line: number, fail: (line: number, m: string) => never): void {
  switch (rec.kind) {
    case 'header':
      return fail(line, 'a second header');
    case 'source': {
      const { kind: _k, sourceKind, ...rest } = rec;
      estate.sources.push({ ...rest, kind: sourceKind });
      return;
    }
    case 'account':
    case 'group':
    case 'foreign':
      estate.principals.push(rec);
      return;
    case 'role':
      estate.roleAssignments.push(rec);
      return;
    case 'app':
      estate.applications.push(rec);
      return;
    case 'link': {
      const { kind: _k, linkKind, ...rest } = rec;
      estate.links.push({ ...rest, kind: linkKind });
      return;
    }
    case 'person': {
      const { kind: _k, ...rest } = rec;
      estate.persons.push(rest);
      return;
    }
    case 'tool': {
      const { kind: _k, ...rest } = rec;
      estate.tools.push(rest);
      return;
    }
    case 'mapping': {
      const { kind: _k, ...rest } = rec;
      estate.mappings.push(rest);
      return;
    }
    case 'record': {
      const { kind: _k, ...rest } = rec;
      estate.records.push(rest);
      return;
    }
    case 'password-policy': {
      const { kind: _k, policyKind, ...rest } = rec;
      estate.passwordPolicies.push({ ...rest, kind: policyKind });
      return;
    }
    case 'end':
      return;
  }
}

/** Every index must point at a principal, and every record at a source the snapshot holds. */
function checkReferences(estate: Estate, file: string): void {
  const n = estate.principals.length;
  const sources = new Set(estate.sources.map((s) => s.id));
  const bad = (what: string): never => {
    throw new InputError(`broken snapshot: ${what}`, { file }, 'the file was edited or corrupted; recollect it');
  };
  const principals = estate.principals;
  // The common case, nothing broken, is told from the tables' own summaries; only a broken file is walked
  // principal by principal, to name the first broken one.
  const clean = principals.sources().every((s) => sources.has(s)) && principals.largestReference() < n;
  for (let i = 0; !clean && i < n; i++) {
    if (!sources.has(principals.source(i))) bad(`principal ${principals.str(i, 'id')} names unknown source ${principals.source(i)}`);
    const what = `${principals.kind(i)} ${principals.str(i, 'id')}`;
    const members = principals.members(i);
    for (let k = 0; k < members.length; k++) if (members[k]! >= n) bad(`${what} has member index ${members[k]} beyond ${n - 1}`);
    for (const o of principals.ownerRefs(i)) if (o >= n) bad(`${what} has owner index ${o} beyond ${n - 1}`);
  }
  for (const r of estate.roleAssignments) if (r.p >= n) bad(`role assignment ${r.id} has principal index ${r.p} beyond ${n - 1}`);
  for (const a of estate.applications)
    for (const o of a.ownerRefs) if (o >= n) bad(`application ${a.id} has owner index ${o} beyond ${n - 1}`);
}
