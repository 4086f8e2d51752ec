import { normalizeKey } from '../util/normalize.js';
import { utf8 } from '../util/utf8.js';

/** Marks an absent string in the offset columns. */
export const ABSENT = 0xffff;

/** What the snapshot reader hands over for one record read in place (see snapshot/record-line.ts). */
export interface RawLine {
  /** Index of the chunk (a Buffer the table keeps) holding the line, and the line's byte range in it. */
  chunk: number;
  start: number;
  end: number;
  source: string;
  /** An enum field as an index (account type, group kind, person status). */
  type: number;
  /** Per hot string: [offset from line start, byte length], ABSENT offset when missing. */
  offsets: Uint16Array;
  /** Bit k set when hot string k is plain ASCII (0x21-0x7e): normalising it only lower-cases it. */
  plain: number;
}

/**
 * Many records read in place, as columns (what a snapshot reading thread hands back for one chunk of the
 * file): row r's line is [start[r], end[r]) of that chunk, its source is sources[source[r]], and its
 * offsets are the table's hot strings, offsets.subarray(r * H * 2, (r + 1) * H * 2).
 */
export interface RawRows {
  sources: readonly string[];
  source: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  type: Uint8Array;
  offsets: Uint16Array;
  plain: Uint16Array;
}

/** Bytes of a field in a chunk (see RawTable.spanOf). */
export interface ByteSpan {
  buf: Buffer;
  start: number;
  len: number;
}

/** Key hashes (see RawTable.keyHashes): a value a scan must still read, and a missing one. */
export const KEY_UNHASHED = 0;
export const KEY_ABSENT = 1;

const fnvDone = (h: number): number => (h === KEY_UNHASHED || h === KEY_ABSENT ? 2 : h);

/** FNV-1a of the lower-cased bytes [s, s + len) of b. Plain ASCII with a '#' is left to the scan (see keyHashes). */
function hashBytes(b: Buffer, s: number, len: number): number {
  let h = 0x811c9dc5 | 0;
  for (let k = s, e = s + len; k < e; k++) {
    const c = b[k]!;
    if (c === 0x23) return KEY_UNHASHED;
    h = Math.imul(h ^ (c >= 0x41 && c <= 0x5a ? c | 0x20 : c), 0x01000193);
  }
  return fnvDone(h);
}

/** The same hash of a normalised key; KEY_UNHASHED for one that can only equal a value the scan reads anyway. */
function hashKey(key: string): number {
  let h = 0x811c9dc5 | 0;
  for (let k = 0; k < key.length; k++) {
    const c = key.charCodeAt(k);
    if (c < 0x21 || c > 0x7e || c === 0x23) return KEY_UNHASHED;
    h = Math.imul(h ^ (c >= 0x41 && c <= 0x5a ? c | 0x20 : c), 0x01000193);
  }
  return fnvDone(h);
}

/** A column of a table, as held in a snapshot index (see snapshot/index-file.ts). */
export type Column = Uint8Array | Uint16Array | Int32Array | Float64Array;

/**
 * A table as a snapshot index holds it: its columns cut to its length, every raw line's range as a byte
 * range of the whole snapshot file (chunk 0), and the records held as objects (those whose lines went
 * through the schema) with their index.
 */
export interface TableImage {
  length: number;
  sources: string[];
  columns: Record<string, Column>;
  held: [number, unknown][];
}

export const grow = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: T, n: number): T => {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
};

/**
 * Normalised names a caller looks for (see RawTable.matchKey): the set, and the plain ASCII ones by
 * length, which raw fields are compared against on the bytes.
 */
export class WantedKeys {
  readonly byLength = new Map<number, string[]>();
  constructor(readonly keys: ReadonlySet<string>) {
    for (const k of keys) if (/^[!-~]*$/.test(k)) this.byLength.set(k.length, [...(this.byLength.get(k.length) ?? []), k]);
  }
}

/**
 * A table of records, each held either as an object or as its raw snapshot line (bytes in a chunk the
 * table keeps) plus columns: the source, one enum, and where the strings the engine reads for every
 * record lie. Raw records become objects only when something asks for the whole record (`at`), so a
 * large estate does not allocate, and the garbage collector does not copy, an object and a dozen
 * strings per record. Subclasses add their own columns.
 */
export abstract class RawTable<T extends { source: string }, F extends string> implements Iterable<T> {
  protected objs: (T | undefined)[] = [];
  protected n = 0;
  protected capacity: number;
  protected sourceIdx: Uint16Array;
  protected typeCode: Uint8Array;
  protected chunkOf: Int32Array;
  protected lineStart: Int32Array;
  protected lineEnd: Int32Array;
  protected offsets: Uint16Array;
  protected plainBits: Uint16Array;
  private readonly sourceNames: string[] = [];
  private readonly sourceIds = new Map<string, number>();
  private lastSource: string | undefined;
  private lastSourceIdx = -1;
  private readonly hotIndex: Record<string, number>;
  private readonly H: number;
  /**
   * Per record and hot string (row-major, H a record), the hash of its value once normalised, from a
   * snapshot index (see keyHashes): lets a scan for a few names pass over the rest on integers alone.
   * Dropped when the table grows.
   */
  private keyHash: Int32Array | undefined;
  /** Bytes of the last lower-cased field (see lowerStr), reused. */
  private scratch = Buffer.alloc(256);

  constructor(
    protected readonly chunks: Buffer[],
    hot: readonly F[],
    capacity: number,
  ) {
    // The plain-ASCII flags of a record are one 16-bit word.
    if (hot.length > 16) throw new RangeError('at most 16 hot strings per table');
    const c = Math.max(16, capacity);
    this.capacity = c;
    this.H = hot.length;
    this.hotIndex = Object.fromEntries(hot.map((f, k) => [f, k]));
    this.sourceIdx = new Uint16Array(c);
    this.typeCode = new Uint8Array(c);
    this.chunkOf = new Int32Array(c);
    this.lineStart = new Int32Array(c);
    this.lineEnd = new Int32Array(c);
    this.offsets = new Uint16Array(c * this.H * 2);
    this.plainBits = new Uint16Array(c);
  }

  get length(): number {
    return this.n;
  }

  /** Grows the subclass's own columns to `c` rows. */
  protected abstract growColumns(c: number): void;
  /** The record from its snapshot line (parsed JSON). */
  protected abstract fromLine(value: unknown): T;

  /** Room for k more records; returns the index of the first. */
  protected reserve(k = 1): number {
    this.keyHash = undefined;
    const i = this.n;
    this.n += k;
    if (this.n > this.capacity) {
      let c = Math.max(16, this.capacity);
      while (c < this.n) c *= 2;
      this.capacity = c;
      this.sourceIdx = grow(this.sourceIdx, c);
      this.typeCode = grow(this.typeCode, c);
      this.chunkOf = grow(this.chunkOf, c);
      this.lineStart = grow(this.lineStart, c);
      this.lineEnd = grow(this.lineEnd, c);
      this.offsets = grow(this.offsets, c * this.H * 2);
      this.plainBits = grow(this.plainBits, c);
      this.growColumns(c);
    }
    return i;
  }

  private internSource(source: string): number {
    // Records of one source come together: the last one answers most calls without a lookup.
    if (source === this.lastSource) return this.lastSourceIdx;
    let s = this.sourceIds.get(source);
    if (s === undefined) {
      s = this.sourceNames.push(source) - 1;
      this.sourceIds.set(source, s);
    }
    this.lastSource = source;
    this.lastSourceIdx = s;
    return s;
  }

  protected holdObject(i: number, node: T): void {
    this.objs[i] = node;
    this.chunkOf[i] = -1;
    this.sourceIdx[i] = this.internSource(node.source);
  }

  protected holdLine(r: RawLine): number {
    const i = this.reserve();
    this.sourceIdx[i] = this.internSource(r.source);
    this.typeCode[i] = r.type;
    this.chunkOf[i] = r.chunk;
    this.lineStart[i] = r.start;
    this.lineEnd[i] = r.end;
    // The scanner's offsets are sized for the longest hot list; copy only this table's share.
    if (r.offsets.length === this.H * 2) this.offsets.set(r.offsets, i * this.H * 2);
    else for (let k = 0; k < this.H * 2; k++) this.offsets[i * this.H * 2 + k] = r.offsets[k]!;
    this.plainBits[i] = r.plain;
    return i;
  }

  /**
   * Appends rows [from, to) of `rows`, whose lines lie in chunk `chunk` (one the table keeps); returns the
   * index of the first. Column copies, no object per record.
   */
  protected holdRows(rows: RawRows, from: number, to: number, chunk: number): number {
    const i = this.reserve(to - from);
    const H2 = this.H * 2;
    const local = rows.sources.map((s) => this.internSource(s));
    for (let r = from, k = i; r < to; r++, k++) this.sourceIdx[k] = local[rows.source[r]!]!;
    this.typeCode.set(rows.type.subarray(from, to), i);
    this.chunkOf.fill(chunk, i, i + to - from);
    this.lineStart.set(rows.start.subarray(from, to), i);
    this.lineEnd.set(rows.end.subarray(from, to), i);
    this.offsets.set(rows.offsets.subarray(from * H2, to * H2), i * H2);
    this.plainBits.set(rows.plain.subarray(from, to), i);
    return i;
  }

  /**
   * The table as an index holds it (see TableImage). `fileOffset(c)` is where chunk c starts in the
   * snapshot file; a record parsed from its line on demand (`at`) is still a raw line here.
   */
  image(fileOffset: (chunk: number) => number): TableImage {
    const n = this.n;
    const chunk = new Int32Array(n);
    const start = new Int32Array(n);
    const end = new Int32Array(n);
    const held: [number, unknown][] = [];
    for (let i = 0; i < n; i++) {
      const c = this.chunkOf[i]!;
      if (c < 0) {
        chunk[i] = -1;
        held.push([i, this.objs[i]]);
        continue;
      }
      const at = fileOffset(c);
      if (at + this.lineEnd[i]! > 0x7fffffff) throw new RangeError('a snapshot index holds byte offsets under 2 GiB');
      start[i] = at + this.lineStart[i]!;
      end[i] = at + this.lineEnd[i]!;
    }
    return {
      length: n,
      sources: [...this.sourceNames],
      held,
      columns: {
        source: this.sourceIdx.subarray(0, n),
        type: this.typeCode.subarray(0, n),
        chunk,
        start,
        end,
        offsets: this.offsets.subarray(0, n * this.H * 2),
        plain: this.plainBits.subarray(0, n),
        ...this.ownColumns(),
      },
    };
  }

  /**
   * The key hashes of every record's hot strings (see keyHash): KEY_ABSENT for a missing value,
   * KEY_UNHASHED where a scan must still look (a value that is not plain ASCII or holds '#', whose
   * normalised form may differ from its lower-cased bytes; a record held as an object), else the FNV-1a
   * hash of the lower-cased bytes, which for such a value is its normalised form (normalizeKey,
   * normalizeAddress).
   */
  keyHashes(): Int32Array {
    const H = this.H;
    const out = new Int32Array(this.n * H);
    for (let i = 0; i < this.n; i++) {
      for (let k = 0; k < H; k++) {
        const slot = (i * H + k) * 2;
        let h = KEY_UNHASHED;
        if (this.chunkOf[i]! < 0) h = KEY_UNHASHED;
        else if (this.offsets[slot] === ABSENT) h = KEY_ABSENT;
        else if (this.plainBits[i]! & (1 << k))
          h = hashBytes(this.chunks[this.chunkOf[i]!]!, this.lineStart[i]! + this.offsets[slot]!, this.offsets[slot + 1]!);
        out[i * H + k] = h;
      }
    }
    return out;
  }

  /**
   * The records whose hot strings `fields` may equal one of `keys` (normalised) once normalised, in
   * order: a superset, to be checked as without it; undefined when the table has no key hashes (then
   * every record is a candidate).
   */
  keyCandidates(fields: readonly F[], keys: Iterable<string>): Int32Array | undefined {
    const kh = this.keyHash;
    if (!kh) return undefined;
    const H = this.H;
    const wanted = new Set<number>();
    const seen = new Uint8Array(4096);
    for (const key of keys) {
      const h = hashKey(key);
      if (h === KEY_UNHASHED) continue;
      wanted.add(h);
      seen[h & 4095] = 1;
    }
    const cols = [...new Set(fields)].map((f) => this.hotIndex[f]!);
    const out = new Int32Array(this.n);
    let m = 0;
    for (let i = 0, n = this.n; i < n; i++) {
      for (const k of cols) {
        const h = kh[i * H + k]!;
        if (h === KEY_UNHASHED || (h !== KEY_ABSENT && seen[h & 4095] === 1 && wanted.has(h))) {
          out[m++] = i;
          break;
        }
      }
    }
    return out.subarray(0, m);
  }

  /**
   * The first record whose hot string `field`, lower-cased, equals `want` (already lower-cased), or -1:
   * through the key-hash candidates when the table has them, compared on the bytes where it can be.
   * A lookup of one id (a plan's person) then builds no record and decodes almost no string.
   */
  indexOfLower(field: F, want: string): number {
    const wanted = new WantedKeys(new Set([want]));
    const rows = this.keyCandidates([field], [want]);
    for (let k = 0, n = rows ? rows.length : this.n; k < n; k++) {
      const i = rows ? rows[k]! : k;
      if (this.matchLower(i, field, wanted) !== undefined) return i;
    }
    return -1;
  }

  /** The subclass's own columns for an image, cut to the table's length. */
  protected abstract ownColumns(): Record<string, Column>;
  /** Takes the subclass's own columns back from an image. */
  protected abstract restoreOwnColumns(columns: Record<string, Column>): void;

  /**
   * Fills an empty table from an image whose raw lines lie in this table's chunk 0 (the whole snapshot).
   * The columns are used as they are (views of the index file's bytes), not copied.
   */
  protected restore(img: TableImage): void {
    const c = img.columns;
    const n = img.length;
    const want = <A extends Column>(name: string, ctor: new (n: number) => A, len: number): A => {
      const col = c[name];
      if (!(col instanceof ctor) || col.length !== len) throw new RangeError(`column ${name} is missing or of the wrong length`);
      return col;
    };
    this.n = n;
    this.capacity = n;
    this.sourceIdx = want('source', Uint16Array, n);
    this.typeCode = want('type', Uint8Array, n);
    this.chunkOf = want('chunk', Int32Array, n);
    this.lineStart = want('start', Int32Array, n);
    this.lineEnd = want('end', Int32Array, n);
    this.offsets = want('offsets', Uint16Array, n * this.H * 2);
    this.plainBits = want('plain', Uint16Array, n);
    this.keyHash = c.keyHash ? want('keyHash', Int32Array, n * this.H) : undefined;
    this.sourceNames.length = 0;
    this.sourceIds.clear();
    this.lastSource = undefined;
    img.sources.forEach((s, k) => {
      this.sourceNames.push(s);
      this.sourceIds.set(s, k);
    });
    this.objs = [];
    for (const [i, o] of img.held) this.objs[i] = o as T;
    this.restoreOwnColumns(c);
  }

  /** The whole record (parsed from its line the first time, for raw records). */
  at(i: number): T {
    const o = this.objs[i];
    if (o !== undefined) return o;
    if (i < 0 || i >= this.n || !Number.isInteger(i)) throw new RangeError(`no record ${i}`);
    const node = this.fromLine(JSON.parse(utf8(this.chunks[this.chunkOf[i]!]!, this.lineStart[i]!, this.lineEnd[i]!)));
    this.objs[i] = node;
    return node;
  }

  /**
   * The snapshot line record i was read from, when it is held only as that line (never read whole, so
   * never changed): what a snapshot writer can copy instead of building the record and writing it again.
   */
  rawLine(i: number): string | undefined {
    if (this.objs[i] !== undefined || i < 0 || i >= this.n) return undefined;
    const c = this.chunkOf[i]!;
    return c < 0 ? undefined : utf8(this.chunks[c]!, this.lineStart[i]!, this.lineEnd[i]!).trim();
  }

  /**
   * True when record i is held as an object (not a raw line that was never read whole). For tests of
   * the table itself: every accessor answers the same either way, so callers never need to ask.
   */
  isHeld(i: number): boolean {
    return this.objs[i] !== undefined;
  }

  source(i: number): string {
    return this.sourceNames[this.sourceIdx[i]!]!;
  }

  /** Every source some record names. */
  sources(): readonly string[] {
    return this.sourceNames;
  }

  /** Column slot of hot string `field` of record i (its offset, then its length). */
  private slot(i: number, field: F): number {
    return (i * this.H + this.hotIndex[field]!) * 2;
  }

  /** Where hot string `field` of raw record i starts in its chunk, or -1 when absent. */
  protected fieldStart(i: number, field: F): number {
    const rel = this.offsets[this.slot(i, field)]!;
    return rel === ABSENT ? -1 : this.lineStart[i]! + rel;
  }

  /** Byte length of hot string `field` of raw record i (when present). */
  protected fieldLength(i: number, field: F): number {
    return this.offsets[this.slot(i, field) + 1]!;
  }

  /** The chunk holding raw record i. */
  protected chunk(i: number): Buffer {
    return this.chunks[this.chunkOf[i]!]!;
  }

  /** One of the hot string fields, without building the record. */
  str(i: number, field: F): string | undefined {
    const o = this.objs[i];
    if (o !== undefined) return (o as unknown as Partial<Record<F, string>>)[field];
    const s = this.fieldStart(i, field);
    return s < 0 ? undefined : utf8(this.chunk(i), s, s + this.fieldLength(i, field));
  }

  /**
   * A hot string lower-cased when it is plain ASCII (the form normalizeKey gives it, built in one step
   * from the bytes), otherwise as stored: callers still normalise, which is then a no-op for plain ones.
   */
  lowerStr(i: number, field: F): string | undefined {
    if (this.objs[i] !== undefined) {
      const v = this.str(i, field);
      return v !== undefined && this.plainLength(i, field) >= 0 ? v.toLowerCase() : v;
    }
    const s = this.fieldStart(i, field);
    if (s < 0) return undefined;
    const b = this.chunk(i);
    const len = this.fieldLength(i, field);
    if (!(this.plainBits[i]! & (1 << this.hotIndex[field]!))) return utf8(b, s, s + len);
    if (this.scratch.length < len) this.scratch = Buffer.alloc(len * 2);
    const scratch = this.scratch;
    for (let k = 0; k < len; k++) {
      const c = b[s + k]!;
      scratch[k] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
    }
    return utf8(scratch, 0, len);
  }

  /**
   * Where hot string `field` of raw record i lies when it is plain ASCII (0x21-0x7e, which normalising
   * only lower-cases): 1, with its chunk, start and length in `span`. 0 when it is absent or empty; -1
   * when the string must be decoded (not plain, or the record is held as an object).
   */
  spanOf(i: number, field: F, span: ByteSpan): 1 | 0 | -1 {
    if (this.objs[i] !== undefined) return this.str(i, field) ? -1 : 0;
    const s = this.fieldStart(i, field);
    if (s < 0) return 0;
    const len = this.fieldLength(i, field);
    if (len === 0) return 0;
    if (!(this.plainBits[i]! & (1 << this.hotIndex[field]!))) return -1;
    span.buf = this.chunk(i);
    span.start = s;
    span.len = len;
    return 1;
  }

  /**
   * Which of `keys` (normalised, plain ASCII, grouped by length) hot string `field` of record i equals
   * once normalised, compared on the bytes without building a string: the key, or undefined when none
   * (or the field is absent). Null when it cannot tell that way (the record is held as an object, or the
   * field is not plain ASCII): the caller decodes and normalises instead.
   */
  protected plainMatch(i: number, field: F, keys: ReadonlyMap<number, readonly string[]>): string | undefined | null {
    if (this.objs[i] !== undefined) return null;
    const s = this.fieldStart(i, field);
    if (s < 0) return undefined;
    if (!(this.plainBits[i]! & (1 << this.hotIndex[field]!))) return null;
    const b = this.chunk(i);
    const candidates = keys.get(this.fieldLength(i, field));
    if (candidates) {
      next: for (const key of candidates) {
        for (let k = 0; k < key.length; k++) {
          const c = b[s + k]!;
          if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== key.charCodeAt(k)) continue next;
        }
        return key;
      }
    }
    return undefined;
  }

  /**
   * The wanted key hot string `field` of record i equals once normalised (normalizeKey), or undefined:
   * compared on the bytes when it can be (a raw plain ASCII field), decoded and normalised otherwise.
   */
  matchKey(i: number, field: F, wanted: WantedKeys): string | undefined {
    const hit = this.plainMatch(i, field, wanted.byLength);
    if (hit !== null) return hit;
    const v = this.str(i, field);
    if (v === undefined) return undefined;
    const n = normalizeKey(v);
    return wanted.keys.has(n) ? n : undefined;
  }

  /**
   * The wanted key hot string `field` of record i equals once lower-cased (no other normalising), or
   * undefined: on the bytes when it can be, decoded otherwise.
   */
  matchLower(i: number, field: F, wanted: WantedKeys): string | undefined {
    const hit = this.plainMatch(i, field, wanted.byLength);
    if (hit !== null) return hit;
    const v = this.str(i, field)?.toLowerCase();
    return v !== undefined && wanted.keys.has(v) ? v : undefined;
  }

  /**
   * For a quick "could it match" test without decoding: the length of a hot string when it is plain
   * ASCII (0x21-0x7e, which normalising only lower-cases, keeping the length), -1 when it is not, and
   * -2 when it is absent.
   */
  plainLength(i: number, field: F): number {
    const o = this.objs[i];
    if (o !== undefined) {
      const v = (o as unknown as Partial<Record<F, string>>)[field];
      if (v === undefined) return -2;
      for (let k = 0; k < v.length; k++) {
        const c = v.charCodeAt(k);
        if (c < 0x21 || c > 0x7e) return -1;
      }
      return v.length;
    }
    if (this.fieldStart(i, field) < 0) return -2;
    return this.plainBits[i]! & (1 << this.hotIndex[field]!) ? this.fieldLength(i, field) : -1;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.n; i++) yield this.at(i);
  }

  forEach(fn: (p: T, i: number) => void): void {
    for (let i = 0; i < this.n; i++) fn(this.at(i), i);
  }

  /** Every record as an object (materialises raw records: for small estates and edits). */
  toArray(): T[] {
    const out = new Array<T>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.at(i);
    return out;
  }
}
