import { utf8 } from '../util/utf8.js';
import type { PrincipalNode } from './estate.js';

/**
 * The estate's principals (accounts, groups, foreign members), one index space. A principal is held
 * either as an object or, for account lines read from a large snapshot, as its raw bytes plus the few
 * columns the engine reads for every account (kind, source, type, enabled, expiry, primary group and
 * the offsets of the strings correlation and the graph need); raw groups likewise, with their members
 * in one shared integer table. Raw principals become objects only when something asks for the whole
 * record (`at`), so a million-account audit does not allocate, and the garbage collector does not copy,
 * an object and a dozen strings per account or an array per group.
 */
export const HOT_STRINGS = ['id', 'name', 'dn', 'upn', 'samAccountName', 'onPremisesSamAccountName', 'mail', 'employeeId', 'sid', 'appId'] as const;
export type HotString = (typeof HOT_STRINGS)[number];
const H = HOT_STRINGS.length;
const HOT_INDEX = Object.fromEntries(HOT_STRINGS.map((f, k) => [f, k])) as Record<HotString, number>;

export const PRINCIPAL_KINDS = ['account', 'group', 'foreign'] as const;
export const ACCOUNT_TYPES = ['user', 'guest', 'service', 'servicePrincipal', 'computer'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const GROUP_KINDS = ['security', 'distribution', 'unified', 'posix', 'other'] as const;
/** Security and posix groups grant access (see grantsAccess in model/principal.ts). */
const GRANTING_GROUP = GROUP_KINDS.map((k) => k === 'security' || k === 'posix');
/** Marks an absent string in the offset columns. */
export const ABSENT = 0xffff;

/** Group members of raw group lines, appended by the snapshot reader. */
export interface MemberSink {
  data: Int32Array;
  n: number;
  grow(): void;
}

/** What the snapshot reader hands over for one raw account or group line. */
export interface RawPrincipal {
  /** 0 account, 1 group. */
  kind: number;
  chunk: number;
  start: number;
  end: number;
  source: string;
  /** Account type, or group kind, as an index into ACCOUNT_TYPES or GROUP_KINDS. */
  type: number;
  enabled: boolean;
  expiresMs: number;
  primaryGroupId: number;
  /** Per hot string: [offset from line start, byte length], ABSENT offset when missing. */
  offsets: Uint16Array;
  /** A group's members: [membersFrom, membersTo) in the member sink. */
  membersFrom: number;
  membersTo: number;
}

const grow = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: T, n: number): T => {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
};

export class Principals implements Iterable<PrincipalNode> {
  private objs: (PrincipalNode | undefined)[] = [];
  private n = 0;
  private kindCode: Uint8Array;
  private sourceIdx: Uint16Array;
  private typeCode: Uint8Array;
  private enabledBit: Uint8Array;
  private expires: Float64Array;
  private pgid: Float64Array;
  /** Raw accounts: chunk index (-1 for objects), line start and end in that chunk, string offsets. */
  private chunkOf: Int32Array;
  private lineStart: Int32Array;
  private lineEnd: Int32Array;
  private offsets: Uint16Array;
  private membersFrom: Int32Array;
  private membersTo: Int32Array;
  /** Members of raw groups, back to back. */
  readonly memberSink: MemberSink = {
    data: new Int32Array(1 << 16),
    n: 0,
    grow() {
      const b = new Int32Array(this.data.length * 2);
      b.set(this.data);
      this.data = b;
    },
  };
  private readonly sourceNames: string[] = [];
  private readonly sourceIds = new Map<string, number>();

  constructor(
    private readonly chunks: Buffer[] = [],
    capacity = 16,
  ) {
    const c = Math.max(16, capacity);
    this.kindCode = new Uint8Array(c);
    this.sourceIdx = new Uint16Array(c);
    this.typeCode = new Uint8Array(c);
    this.enabledBit = new Uint8Array(c);
    this.expires = new Float64Array(c);
    this.pgid = new Float64Array(c);
    this.chunkOf = new Int32Array(c);
    this.lineStart = new Int32Array(c);
    this.lineEnd = new Int32Array(c);
    this.offsets = new Uint16Array(c * H * 2);
    this.membersFrom = new Int32Array(c);
    this.membersTo = new Int32Array(c);
  }

  static of(nodes: Iterable<PrincipalNode>): Principals {
    const p = new Principals();
    for (const node of nodes) p.push(node);
    return p;
  }

  get length(): number {
    return this.n;
  }

  private reserve(): number {
    const i = this.n++;
    if (i >= this.kindCode.length) {
      const c = this.kindCode.length * 2;
      this.kindCode = grow(this.kindCode, c);
      this.sourceIdx = grow(this.sourceIdx, c);
      this.typeCode = grow(this.typeCode, c);
      this.enabledBit = grow(this.enabledBit, c);
      this.expires = grow(this.expires, c);
      this.pgid = grow(this.pgid, c);
      this.chunkOf = grow(this.chunkOf, c);
      this.lineStart = grow(this.lineStart, c);
      this.lineEnd = grow(this.lineEnd, c);
      this.offsets = grow(this.offsets, c * H * 2);
      this.membersFrom = grow(this.membersFrom, c);
      this.membersTo = grow(this.membersTo, c);
    }
    return i;
  }

  private internSource(source: string): number {
    let s = this.sourceIds.get(source);
    if (s === undefined) {
      s = this.sourceNames.push(source) - 1;
      this.sourceIds.set(source, s);
    }
    return s;
  }

  /** Adds a principal held as an object; returns its index. */
  push(node: PrincipalNode): number {
    const i = this.reserve();
    this.objs[i] = node;
    this.chunkOf[i] = -1;
    this.fill(i, node);
    return i;
  }

  /** Replaces principal i (an edit made while checking a change). */
  set(i: number, node: PrincipalNode): void {
    if (i >= this.n) throw new RangeError(`principal ${i} beyond ${this.n - 1}`);
    this.objs[i] = node;
    this.chunkOf[i] = -1;
    this.fill(i, node);
  }

  private fill(i: number, node: PrincipalNode): void {
    this.kindCode[i] = PRINCIPAL_KINDS.indexOf(node.kind);
    this.sourceIdx[i] = this.internSource(node.source);
    if (node.kind === 'account') {
      this.typeCode[i] = ACCOUNT_TYPES.indexOf(node.type);
      this.enabledBit[i] = node.enabled ? 1 : 0;
      this.expires[i] = node.expiresAt ? Date.parse(node.expiresAt) : NaN;
      this.pgid[i] = node.primaryGroupId ?? NaN;
    } else if (node.kind === 'group') this.typeCode[i] = GROUP_KINDS.indexOf(node.groupKind);
  }

  /** Adds an account or group held as its raw snapshot line (see read-snapshot). */
  pushRaw(r: RawPrincipal): number {
    const i = this.reserve();
    this.kindCode[i] = r.kind;
    this.membersFrom[i] = r.membersFrom;
    this.membersTo[i] = r.membersTo;
    this.sourceIdx[i] = this.internSource(r.source);
    this.typeCode[i] = r.type;
    this.enabledBit[i] = r.enabled ? 1 : 0;
    this.expires[i] = r.expiresMs;
    this.pgid[i] = r.primaryGroupId;
    this.chunkOf[i] = r.chunk;
    this.lineStart[i] = r.start;
    this.lineEnd[i] = r.end;
    this.offsets.set(r.offsets, i * H * 2);
    return i;
  }

  /** The whole record (parsed from its line the first time, for raw accounts). */
  at(i: number): PrincipalNode {
    const o = this.objs[i];
    if (o !== undefined) return o;
    if (i < 0 || i >= this.n || !Number.isInteger(i)) throw new RangeError(`no principal ${i}`);
    const line = utf8(this.chunks[this.chunkOf[i]!]!, this.lineStart[i]!, this.lineEnd[i]!);
    const node = JSON.parse(line) as PrincipalNode;
    this.objs[i] = node;
    return node;
  }

  /** True when principal i is held as an object (not a raw account line that was never read whole). */
  isHeld(i: number): boolean {
    return this.objs[i] !== undefined;
  }

  kind(i: number): PrincipalNode['kind'] {
    return PRINCIPAL_KINDS[this.kindCode[i]!]!;
  }

  isAccount(i: number): boolean {
    return this.kindCode[i] === 0;
  }

  source(i: number): string {
    return this.sourceNames[this.sourceIdx[i]!]!;
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
    return this.memberSink.data.subarray(this.membersFrom[i]!, this.membersTo[i]!);
  }

  primaryGroupId(i: number): number | undefined {
    const v = this.pgid[i]!;
    return this.kindCode[i] === 0 && !Number.isNaN(v) ? v : undefined;
  }

  /** One of the hot string fields, without building the record. */
  str(i: number, field: HotString): string | undefined {
    const o = this.objs[i];
    if (o !== undefined) return (o as Partial<Record<HotString, string>>)[field];
    const k = (i * H + HOT_INDEX[field]) * 2;
    const rel = this.offsets[k]!;
    if (rel === ABSENT) return undefined;
    const s = this.lineStart[i]! + rel;
    return utf8(this.chunks[this.chunkOf[i]!]!, s, s + this.offsets[k + 1]!);
  }

  /**
   * The SID without its last component (the domain SID of an AD account), or undefined. Accounts of
   * one domain share it, so the last one is kept and compared by bytes: no string per account.
   */
  sidDomain(i: number): string | undefined {
    const o = this.objs[i];
    if (o !== undefined) {
      const sid = (o as { sid?: string }).sid;
      return sid ? sid.slice(0, sid.lastIndexOf('-')) : undefined;
    }
    const k = (i * H + HOT_INDEX.sid) * 2;
    const rel = this.offsets[k]!;
    if (rel === ABSENT) return undefined;
    const b = this.chunks[this.chunkOf[i]!]!;
    const s = this.lineStart[i]! + rel;
    let e = s + this.offsets[k + 1]!;
    while (e > s && b[--e] !== 0x2d);
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

  /** How many principals of each kind. */
  countKinds(): Record<PrincipalNode['kind'], number> {
    const c = { account: 0, group: 0, foreign: 0 };
    for (let i = 0; i < this.n; i++) c[PRINCIPAL_KINDS[this.kindCode[i]!]!]++;
    return c;
  }

  *[Symbol.iterator](): Iterator<PrincipalNode> {
    for (let i = 0; i < this.n; i++) yield this.at(i);
  }

  forEach(fn: (p: PrincipalNode, i: number) => void): void {
    for (let i = 0; i < this.n; i++) fn(this.at(i), i);
  }

  /** Every principal as an object (materialises raw accounts: for small estates and edits). */
  toArray(): PrincipalNode[] {
    const out = new Array<PrincipalNode>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.at(i);
    return out;
  }
}
