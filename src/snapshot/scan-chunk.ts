import { emptyRawPrincipal, HOT_STRINGS, type MemberSink, type RawPrincipal, type RawPrincipalRows } from '../estate/principals.js';
import { PERSON_HOT_STRINGS } from '../estate/persons.js';
import type { RawRows } from '../estate/raw-table.js';
import { recordTable, scanRecordLine } from './record-line.js';
import { idHash, sourceHash } from './unique-ids.js';

/**
 * One chunk of a snapshot (whole lines), scanned by a reading thread: the account, group and person lines
 * record-line.ts reads in place, as columns, and every other line by its position, left to the reader's
 * own path (which parses it, or names what is wrong with it). Line numbers are counted from the chunk's
 * first line (0); the reader adds the lines of the chunks before it.
 */
export interface ScannedChunk {
  lines: number;
  principals: ScannedRows<RawPrincipalRows>;
  persons: ScannedRows<RawRows>;
  /** The other lines: [line, start, end] for each, in file order. */
  other: Int32Array;
  otherCount: number;
}

export interface ScannedRows<R extends RawRows> {
  rows: R;
  count: number;
  /** Each row's line in the chunk. */
  line: Int32Array;
  /** Each row's id hash (UniqueIds' idHash with the reader's seed). */
  hash: Int32Array;
}

const grown = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: T, n: number): T => {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
};

/** Growing columns for one table's rows (arrays over-allocated at most twice; the count says how many). */
class Rows {
  count = 0;
  line: Int32Array;
  hash: Int32Array;
  readonly sources: string[] = [];
  source: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  type: Uint8Array;
  offsets: Uint16Array;
  plain: Uint16Array;
  kind: Uint8Array;
  enabled: Uint8Array;
  expires: Float64Array;
  pgid: Float64Array;
  membersFrom: Int32Array;
  membersTo: Int32Array;
  private readonly sourceAt = new Map<string, number>();
  private lastSource: string | undefined;
  private lastLocal = 0;
  private lastHash = 0;

  constructor(
    private readonly H2: number,
    private readonly principals: boolean,
    private readonly seed: number,
    c: number,
  ) {
    this.line = new Int32Array(c);
    this.hash = new Int32Array(c);
    this.source = new Uint16Array(c);
    this.start = new Int32Array(c);
    this.end = new Int32Array(c);
    this.type = new Uint8Array(c);
    this.offsets = new Uint16Array(c * H2);
    this.plain = new Uint16Array(c);
    const p = principals ? c : 0;
    this.kind = new Uint8Array(p);
    this.enabled = new Uint8Array(p);
    this.expires = new Float64Array(p);
    this.pgid = new Float64Array(p);
    this.membersFrom = new Int32Array(p);
    this.membersTo = new Int32Array(p);
  }

  add(line: number, r: RawPrincipal, b: Buffer): void {
    const k = this.count++;
    if (k >= this.line.length) this.grow(k + 1);
    if (r.source !== this.lastSource) {
      let local = this.sourceAt.get(r.source);
      if (local === undefined) {
        local = this.sources.push(r.source) - 1;
        this.sourceAt.set(r.source, local);
      }
      this.lastSource = r.source;
      this.lastLocal = local;
      this.lastHash = sourceHash(this.seed, r.source);
    }
    this.line[k] = line;
    this.source[k] = this.lastLocal;
    this.start[k] = r.start;
    this.end[k] = r.end;
    this.type[k] = r.type;
    this.offsets.set(r.offsets.subarray(0, this.H2), k * this.H2);
    this.plain[k] = r.plain;
    // The id is the first hot string of both tables, unescaped: hashed from its bytes, as UniqueIds does.
    const idAt = r.start + r.offsets[0]!;
    this.hash[k] = idHash(this.lastHash, b, idAt, idAt + r.offsets[1]!);
    if (!this.principals) return;
    this.kind[k] = r.kind;
    this.enabled[k] = r.enabled ? 1 : 0;
    this.expires[k] = r.expiresMs;
    this.pgid[k] = r.primaryGroupId;
    this.membersFrom[k] = r.membersFrom;
    this.membersTo[k] = r.membersTo;
  }

  /** The columns, for the reader (principal columns are empty for persons). */
  columns(members: Int32Array): RawPrincipalRows {
    const { sources, source, start, end, type, offsets, plain, kind, enabled, expires, pgid, membersFrom, membersTo } = this;
    return { sources, source, start, end, type, offsets, plain, kind, enabled, expires, pgid, membersFrom, membersTo, members };
  }

  private grow(n: number): void {
    this.line = grown(this.line, n);
    this.hash = grown(this.hash, n);
    this.source = grown(this.source, n);
    this.start = grown(this.start, n);
    this.end = grown(this.end, n);
    this.type = grown(this.type, n);
    this.offsets = grown(this.offsets, this.line.length * this.H2);
    this.plain = grown(this.plain, n);
    if (!this.principals) return;
    this.kind = grown(this.kind, n);
    this.enabled = grown(this.enabled, n);
    this.expires = grown(this.expires, n);
    this.pgid = grown(this.pgid, n);
    this.membersFrom = grown(this.membersFrom, n);
    this.membersTo = grown(this.membersTo, n);
  }
}

/**
 * Scans buf (whole lines of a snapshot; `first` when it starts the file, whose first line is the header
 * and never read in place). `seed` is the reader's UniqueIds seed. Group members must not be checked
 * against the group's own index here (it depends on the chunks before): the reader does that.
 */
export function scanChunk(buf: Buffer, first: boolean, seed: number): ScannedChunk {
  const n = buf.length;
  // A record line is rarely under 128 bytes; the columns grow when the guess is short.
  const guess = Math.max(64, Math.ceil(n / 128));
  const principals = new Rows(HOT_STRINGS.length * 2, true, seed, guess);
  const persons = new Rows(PERSON_HOT_STRINGS.length * 2, false, seed, guess >> 2);
  const sink: MemberSink = {
    data: new Int32Array(Math.max(1 << 12, n >> 3)),
    n: 0,
    grow() {
      this.data = grown(this.data, this.data.length * 2);
    },
  };
  const scanned = emptyRawPrincipal();
  let other = new Int32Array(3 * 64);
  let otherCount = 0;
  let line = 0;
  let s = 0;
  while (s < n) {
    if (!first || line > 0) {
      const table = recordTable(buf, s, n);
      if (table && scanRecordLine(table, buf, s, n, scanned, sink, true, -1)) {
        (table.kind === 2 ? persons : principals).add(line++, scanned, buf);
        s = scanned.end + 1;
        continue;
      }
    }
    let e = buf.indexOf(10, s);
    if (e < 0) e = n;
    if (otherCount * 3 + 3 > other.length) other = grown(other, other.length * 2);
    other[otherCount * 3] = line++;
    other[otherCount * 3 + 1] = s;
    other[otherCount * 3 + 2] = e;
    otherCount++;
    s = e + 1;
  }
  const members = sink.data.subarray(0, sink.n);
  const rows = (r: Rows) => ({ count: r.count, line: r.line, hash: r.hash, rows: r.columns(members) });
  return { lines: line, principals: rows(principals), persons: rows(persons), other, otherCount };
}

/** The buffers of a scanned chunk, to hand them to another thread without copying. */
export function chunkBuffers(c: ScannedChunk): ArrayBuffer[] {
  const p = c.principals.rows;
  const q = c.persons.rows;
  const all: ArrayBufferView[] = [c.other, c.principals.line, c.principals.hash, c.persons.line, c.persons.hash];
  for (const r of [p, q]) all.push(r.source, r.start, r.end, r.type, r.offsets, r.plain);
  all.push(p.kind, p.enabled, p.expires, p.pgid, p.membersFrom, p.membersTo, p.members);
  return [...new Set(all.map((a) => a.buffer as ArrayBuffer))];
}
