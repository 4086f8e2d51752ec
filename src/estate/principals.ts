import type { PrincipalNode } from './nodes.js';
import { Account, GroupKind, grantsAccess } from '../model/principal.js';
import { utf8 } from '../util/utf8.js';
import { RawTable, grow, type Column, type RawLine, type RawRows, type TableImage } from './raw-table.js';

/**
 * The estate's principals (accounts, groups, foreign members), one index space. Account and group
 * lines of a large snapshot are held raw (see raw-table.ts) with the columns the engine reads for every
 * principal: kind, source, type or group kind, enabled, expiry, primary group, the offsets of the
 * strings correlation and the graph need, and, for groups, their members in one shared integer table.
 */
export const HOT_STRINGS = [
  'id',
  'name',
  'dn',
  'upn',
  'samAccountName',
  'onPremisesSamAccountName',
  'mail',
  'employeeId',
  'sid',
  'appId',
  // Read by correlation for every account: the links from a synced Entra user to its AD account.
  'onPremisesSid',
  'onPremisesImmutableId',
] as const;
export type HotString = (typeof HOT_STRINGS)[number];

export const PRINCIPAL_KINDS = ['account', 'group', 'foreign'] as const;
export const ACCOUNT_TYPES = Account.shape.type.options;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const GROUP_KINDS = GroupKind.options;
const GRANTING_GROUP = GROUP_KINDS.map((groupKind) => grantsAccess({ groupKind }));

/** Group members of raw group lines, appended by the snapshot reader. */
export interface MemberSink {
  data: Int32Array;
  n: number;
  grow(): void;
}

/** What the snapshot reader hands over for one raw account or group line. */
export interface RawPrincipal extends RawLine {
  /** 0 account, 1 group. */
  kind: number;
  enabled: boolean;
  expiresMs: number;
  primaryGroupId: number;
  /** A group's members: [membersFrom, membersTo) in the member sink. */
  membersFrom: number;
  membersTo: number;
}

/** A reader's scratch line, filled in place by the scanner for each account or group line. */
export const emptyRawPrincipal = (): RawPrincipal => ({
  kind: 0,
  chunk: -1,
  start: 0,
  end: 0,
  source: '',
  type: 0,
  enabled: false,
  expiresMs: NaN,
  primaryGroupId: NaN,
  offsets: new Uint16Array(HOT_STRINGS.length * 2),
  plain: 0,
  membersFrom: 0,
  membersTo: 0,
});

/** Raw account and group lines as columns (see RawRows); members[membersFrom[r], membersTo[r]) are row r's. */
export interface RawPrincipalRows extends RawRows {
  kind: Uint8Array;
  enabled: Uint8Array;
  expires: Float64Array;
  pgid: Float64Array;
  membersFrom: Int32Array;
  membersTo: Int32Array;
  members: Int32Array;
}

/**
 * Each principal's direct memberships of granting groups, as one reverse adjacency: the groups principal
 * v is a member of are to[start[v]], ..., to[start[v + 1] - 1], in the order of the groups' indexes.
 */
export interface MemberOf {
  start: Int32Array;
  to: Int32Array;
}

/** The RID of a SID string (see Principals.sidRid). */
export function ridOf(sid: string): number {
  const dash = sid.lastIndexOf('-');
  const tail = sid.slice(dash + 1);
  return dash > 0 && /^\d{1,10}$/.test(tail) ? Number(tail) : NaN;
}

const NONE: readonly number[] = Object.freeze([]);

export class Principals extends RawTable<PrincipalNode, HotString> {
  private kindCode: Uint8Array;
  private enabledBit: Uint8Array;
  private expires: Float64Array;
  private pgid: Float64Array;
  private membersFrom: Int32Array;
  private membersTo: Int32Array;
  /**
   * The reverse member lists, when the table came from a snapshot index that holds them (see member-of.ts).
   * Never changed after: a table that grows (push) drops it.
   */
  memberOf: MemberOf | undefined;
  /** Members of raw groups, back to back. */
  readonly memberSink: MemberSink = {
    data: new Int32Array(0),
    n: 0,
    grow() {
      const b = new Int32Array(Math.max(1 << 16, this.data.length * 2));
      b.set(this.data);
      this.data = b;
    },
  };

  constructor(chunks: Buffer[] = [], capacity = 16) {
    super(chunks, HOT_STRINGS, capacity);
    const c = this.capacity;
    this.kindCode = new Uint8Array(c);
    this.enabledBit = new Uint8Array(c);
    this.expires = new Float64Array(c);
    this.pgid = new Float64Array(c);
    this.membersFrom = new Int32Array(c);
    this.membersTo = new Int32Array(c);
    // Presized like the rows (a group line holds about eight members per row of the estimate); pages
    // never written cost no memory.
    this.memberSink.data = new Int32Array(Math.max(1 << 16, c * 8));
  }

  protected growColumns(c: number): void {
    this.kindCode = grow(this.kindCode, c);
    this.enabledBit = grow(this.enabledBit, c);
    this.expires = grow(this.expires, c);
    this.pgid = grow(this.pgid, c);
    this.membersFrom = grow(this.membersFrom, c);
    this.membersTo = grow(this.membersTo, c);
  }

  protected fromLine(value: unknown): PrincipalNode {
    return value as PrincipalNode;
  }

  protected ownColumns(): Record<string, Column> {
    const n = this.n;
    return {
      kind: this.kindCode.subarray(0, n),
      enabled: this.enabledBit.subarray(0, n),
      expires: this.expires.subarray(0, n),
      pgid: this.pgid.subarray(0, n),
      membersFrom: this.membersFrom.subarray(0, n),
      membersTo: this.membersTo.subarray(0, n),
      members: this.memberSink.data.subarray(0, this.memberSink.n),
    };
  }

  protected restoreOwnColumns(c: Record<string, Column>): void {
    const n = this.n;
    const want = <A extends Column>(name: string, ctor: new (n: number) => A, len?: number): A => {
      const col = c[name];
      if (!(col instanceof ctor) || (len !== undefined && col.length !== len))
        throw new RangeError(`column ${name} is missing or of the wrong length`);
      return col;
    };
    this.kindCode = want('kind', Uint8Array, n);
    this.enabledBit = want('enabled', Uint8Array, n);
    this.expires = want('expires', Float64Array, n);
    this.pgid = want('pgid', Float64Array, n);
    this.membersFrom = want('membersFrom', Int32Array, n);
    this.membersTo = want('membersTo', Int32Array, n);
    const members = want('members', Int32Array);
    this.memberSink.data = members;
    this.memberSink.n = members.length;
    const start = c.memberOfStart;
    const to = c.memberOfTo;
    this.memberOf = start && to ? { start: want('memberOfStart', Int32Array, n + 1), to: want('memberOfTo', Int32Array) } : undefined;
  }

  /** A table from a snapshot index's image (see TableImage), its raw lines in `snapshot`, the whole file. */
  static fromImage(snapshot: Buffer, img: TableImage): Principals {
    const t = new Principals([snapshot]);
    t.restore(img);
    return t;
  }

  static of(nodes: Iterable<PrincipalNode>): Principals {
    const p = new Principals();
    for (const node of nodes) p.push(node);
    return p;
  }

  /** Adds a principal held as an object; returns its index. */
  push(node: PrincipalNode): number {
    this.memberOf = undefined;
    const i = this.reserve();
    this.holdObject(i, node);
    this.fill(i, node);
    return i;
  }

  private fill(i: number, node: PrincipalNode): void {
    this.kindCode[i] = PRINCIPAL_KINDS.indexOf(node.kind);
    if (node.kind === 'account') {
      this.typeCode[i] = ACCOUNT_TYPES.indexOf(node.type);
      this.enabledBit[i] = node.enabled ? 1 : 0;
      this.expires[i] = node.expiresAt ? Date.parse(node.expiresAt) : NaN;
      this.pgid[i] = node.primaryGroupId ?? NaN;
    } else if (node.kind === 'group') this.typeCode[i] = GROUP_KINDS.indexOf(node.groupKind);
  }

  /** Adds an account or group held as its raw snapshot line (see read-snapshot). */
  pushRaw(r: RawPrincipal): number {
    this.memberOf = undefined;
    const i = this.holdLine(r);
    this.kindCode[i] = r.kind;
    this.membersFrom[i] = r.membersFrom;
    this.membersTo[i] = r.membersTo;
    this.enabledBit[i] = r.enabled ? 1 : 0;
    this.expires[i] = r.expiresMs;
    this.pgid[i] = r.primaryGroupId;
    return i;
  }

  /**
   * Appends rows [from, to) of a chunk read by a snapshot reading thread (lines in chunk `chunk`, held by
   * the table); returns the index of the first. Their members are copied into the member table.
   */
  pushRows(rows: RawPrincipalRows, from: number, to: number, chunk: number): number {
    this.memberOf = undefined;
    const i = this.holdRows(rows, from, to, chunk);
    const k = to - from;
    this.kindCode.set(rows.kind.subarray(from, to), i);
    this.enabledBit.set(rows.enabled.subarray(from, to), i);
    this.expires.set(rows.expires.subarray(from, to), i);
    this.pgid.set(rows.pgid.subarray(from, to), i);
    if (k === 0) return i;
    // A run's members are contiguous in the chunk's member list: one copy, then the ranges shifted.
    const sink = this.memberSink;
    const m0 = rows.membersFrom[from]!;
    const m1 = rows.membersTo[to - 1]!;
    while (sink.n + (m1 - m0) > sink.data.length) sink.grow();
    sink.data.set(rows.members.subarray(m0, m1), sink.n);
    const shift = sink.n - m0;
    for (let r = from, j = i; r < to; r++, j++) {
      this.membersFrom[j] = rows.membersFrom[r]! + shift;
      this.membersTo[j] = rows.membersTo[r]! + shift;
    }
    sink.n += m1 - m0;
    return i;
  }

  kind(i: number): PrincipalNode['kind'] {
    return PRINCIPAL_KINDS[this.kindCode[i]!]!;
  }

  isAccount(i: number): boolean {
    return this.kindCode[i] === 0;
  }

  /** Account type; only meaningful for accounts. */
  accountType(i: number): AccountType {
    return ACCOUNT_TYPES[this.typeCode[i]!]!;
  }

  /** Enabled and not expired at `nowMs`; false for anything that is not an account. */
  isActive(i: number, nowMs: number): boolean {
    return this.kindCode[i] === 0 && this.enabledBit[i] === 1 && !(this.expires[i]! <= nowMs);
  }

  /** A security or posix group (the kinds that grant access). */
  grantsAccess(i: number): boolean {
    return this.kindCode[i] === 1 && GRANTING_GROUP[this.typeCode[i]!]!;
  }

  /** A group's members (indexes); empty for anything else. Raw groups answer from the member table. */
  members(i: number): ArrayLike<number> {
    const o = this.objs[i];
    if (o !== undefined) return o.kind === 'group' ? o.members : [];
    return this.memberSink.data.subarray(this.membersFrom[i], this.membersTo[i]);
  }

  /**
   * Who owns principal i (a group's owners, a service principal's owners), as indexes; empty when none.
   * A line with owners always goes through the schema and is held as an object, so raw lines answer empty.
   */
  ownerRefs(i: number): readonly number[] {
    const o = this.objs[i];
    return (o !== undefined && o.kind !== 'foreign' ? o.ownerRefs : undefined) ?? NONE;
  }

  primaryGroupId(i: number): number | undefined {
    const v = this.pgid[i]!;
    return this.kindCode[i] === 0 && !Number.isNaN(v) ? v : undefined;
  }

  /** The last component of the SID (the RID) as a number, NaN when absent or not a number. */
  sidRid(i: number): number {
    const o = this.objs[i];
    if (o !== undefined) {
      const sid = (o as { sid?: string }).sid;
      return sid ? ridOf(sid) : NaN;
    }
    const s = this.fieldStart(i, 'sid');
    if (s < 0) return NaN;
    const b = this.chunk(i);
    const e = s + this.fieldLength(i, 'sid');
    let v = 0;
    let scale = 1;
    for (let j = e - 1; j >= s; j--) {
      const c = b[j]!;
      if (c === 0x2d) return j < e - 1 && j - s > 0 && e - j <= 11 ? v : NaN;
      if (c < 0x30 || c > 0x39) return NaN;
      v += (c - 0x30) * scale;
      scale *= 10;
    }
    return NaN;
  }

  /**
   * The SID without its last component (the domain SID of an AD account), or undefined. Accounts of
   * one domain share it, so the last one is kept and compared by bytes: no string per account.
   */
  sidDomain(i: number): string | undefined {
    const o = this.objs[i];
    if (o !== undefined) {
      const sid = (o as { sid?: string }).sid;
      const dash = sid ? sid.lastIndexOf('-') : -1;
      return dash > 0 ? sid!.slice(0, dash) : undefined;
    }
    const s = this.fieldStart(i, 'sid');
    if (s < 0) return undefined;
    const b = this.chunk(i);
    let e = s + this.fieldLength(i, 'sid');
    while (e > s && b[--e] !== 0x2d);
    // No dash (or only a leading one): no domain part, as for a SID held as an object.
    if (e <= s) return undefined;
    const len = e - s;
    const last = this.lastDomainBytes;
    if (last.length === len) {
      let k2 = 0;
      while (k2 < len && last[k2] === b[s + k2]) k2++;
      if (k2 === len) return this.lastDomain;
    }
    this.lastDomainBytes = Buffer.from(b.subarray(s, e));
    this.lastDomain = utf8(b, s, e);
    return this.lastDomain;
  }
  private lastDomainBytes = Buffer.alloc(0);
  private lastDomain = '';

  /** The largest member or owner index any principal holds, -1 when none holds one. */
  largestReference(): number {
    let max = -1;
    const sink = this.memberSink;
    for (let k = 0; k < sink.n; k++) if (sink.data[k]! > max) max = sink.data[k]!;
    // forEach skips the holes raw records leave.
    this.objs.forEach((o) => {
      if (o === undefined || o.kind === 'foreign') return;
      if (o.kind === 'group') for (const m of o.members) if (m > max) max = m;
      for (const r of o.ownerRefs ?? NONE) if (r > max) max = r;
    });
    return max;
  }

  /** How many principals of each kind. */
  countKinds(): Record<PrincipalNode['kind'], number> {
    const c = { account: 0, group: 0, foreign: 0 };
    for (let i = 0; i < this.n; i++) c[PRINCIPAL_KINDS[this.kindCode[i]!]!]++;
    return c;
  }
}
