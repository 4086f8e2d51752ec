import { ACCOUNT_TYPES, GROUP_KINDS, HOT_STRINGS, type MemberSink, type RawPrincipal } from '../estate/principals.js';
import { PERSON_HOT_STRINGS, PERSON_STATUSES } from '../estate/persons.js';
import { ABSENT } from '../estate/raw-table.js';
import { isIsoTime } from './fast-check.js';
import { integerEnd, jsonInteger } from './json-integer.js';
import { utf8SequenceEnd } from '../util/text-bytes.js';

/**
 * Reads an account, group or person line of a snapshot straight from its bytes, without building the
 * record: it checks every field as the schema would, notes where the strings the engine needs lie, and
 * appends a group's members to the estate's member table. It accepts only a strict, common subset (the compact
 * JSON demarc writes: no escapes, no nested objects, integers without exponent); for anything else it
 * returns false and the line goes through JSON.parse and the schema, which decide and name the bad
 * field. test/snapshot/record-line.test.ts holds it to JSON.parse.
 */
type Check = 'kind' | 'nonEmpty' | 'str' | 'bool' | 'int' | 'iso' | 'isoOrNull' | 'type' | 'groupKind' | 'status' | 'indexes' | 'flag';

/** Every account field except the nested ones (attributes, ownerRefs), which send the line to the schema. */
export const SCANNED_ACCOUNT_FIELDS: Record<string, Check> = {
  kind: 'kind',
  source: 'nonEmpty',
  id: 'nonEmpty',
  type: 'type',
  name: 'str',
  enabled: 'bool',
  dn: 'str',
  upn: 'str',
  samAccountName: 'str',
  mail: 'str',
  employeeId: 'str',
  sid: 'str',
  expiresAt: 'isoOrNull',
  createdAt: 'iso',
  lastLogonAt: 'iso',
  passwordLastSetAt: 'iso',
  passwordNeverExpires: 'bool',
  passwordPolicyRef: 'str',
  primaryGroupId: 'int',
  homeTenant: 'str',
  externalUserState: 'str',
  creationType: 'str',
  onPremisesSid: 'str',
  onPremisesSamAccountName: 'str',
  onPremisesImmutableId: 'str',
  appId: 'str',
  appOwnerOrganizationId: 'str',
  servicePrincipalType: 'str',
};
/** Every group field except attributes and ownerRefs (a group with owners goes to the schema). */
export const SCANNED_GROUP_FIELDS: Record<string, Check> = {
  kind: 'kind',
  source: 'nonEmpty',
  id: 'nonEmpty',
  name: 'str',
  groupKind: 'groupKind',
  members: 'indexes',
  dn: 'str',
  sid: 'str',
  mailEnabled: 'flag',
  roleAssignable: 'flag',
  description: 'str',
};
/** Every person field except attributes. */
export const SCANNED_PERSON_FIELDS: Record<string, Check> = {
  kind: 'kind',
  source: 'nonEmpty',
  id: 'nonEmpty',
  name: 'str',
  status: 'status',
  email: 'str',
  upn: 'str',
  employeeId: 'str',
  department: 'str',
  title: 'str',
  terminatedAt: 'iso',
  transferredAt: 'iso',
};

interface Field {
  bytes: Buffer;
  /** The name with its closing quote and the colon (`name":`), compared in one pass when predicted. */
  keyed: Buffer;
  /** The field that followed this one on the last line read: tried first (lines repeat one order). */
  next: Field | undefined;
  check: Check;
  hot: number;
  required: boolean;
  name: string;
  bit: number;
}
interface Table {
  kind: number;
  kindBytes: Buffer;
  byLength: Field[][];
  required: number;
  /** The prefix demarc writes on every line of this kind: the only lines tried here. */
  prefix: Buffer;
  /** The first field of the last line read (see Field.next). */
  first: Field | undefined;
}
function table(kind: number, name: string, fields: Record<string, Check>, required: string[], hot: readonly string[]): Table {
  const byLength: Field[][] = [];
  Object.entries(fields).forEach(([field, check], k) => {
    const f = {
      name: field,
      bit: 2 ** k,
      bytes: Buffer.from(field),
      keyed: Buffer.from(`${field}":`),
      next: undefined,
      check,
      hot: hot.indexOf(field),
      required: required.includes(field),
    };
    (byLength[f.bytes.length] ??= []).push(f);
  });
  return {
    kind,
    kindBytes: Buffer.from(name),
    byLength,
    required: required.length,
    prefix: Buffer.from(`{"kind":"${name}",`),
    first: undefined,
  };
}
const ACCOUNT_TABLE = table(0, 'account', SCANNED_ACCOUNT_FIELDS, ['kind', 'source', 'id', 'type', 'name', 'enabled'], HOT_STRINGS);
const GROUP_TABLE = table(1, 'group', SCANNED_GROUP_FIELDS, ['kind', 'source', 'id', 'name', 'groupKind', 'members'], HOT_STRINGS);
export const PERSON_TABLE = table(2, 'person', SCANNED_PERSON_FIELDS, ['kind', 'source', 'id', 'name', 'status'], PERSON_HOT_STRINGS);
const STATUS_BYTES = PERSON_STATUSES.map((t) => Buffer.from(t));
const TYPE_BYTES = ACCOUNT_TYPES.map((t) => Buffer.from(t));
const GROUP_KIND_BYTES = GROUP_KINDS.map((t) => Buffer.from(t));

const same = (b: Buffer, s: number, e: number, want: Buffer): boolean => {
  if (e - s !== want.length) return false;
  for (let k = 0; k < want.length; k++) if (b[s + k] !== want[k]) return false;
  return true;
};

/** The position of b[s, e) among `list` (enum values), or -1. */
function indexOfBytes(list: readonly Buffer[], b: Buffer, s: number, e: number): number {
  for (let k = 0; k < list.length; k++) if (same(b, s, e, list[k]!)) return k;
  return -1;
}

function fieldAt(t: Table, b: Buffer, s: number, e: number): Field | undefined {
  const list = t.byLength[e - s];
  if (list) for (const f of list) if (same(b, s, e, f.bytes)) return f;
  return undefined;
}

export const startsWith = (b: Buffer, s: number, e: number, prefix: Buffer): boolean => {
  if (e - s < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (b[s + k] !== prefix[k]) return false;
  return true;
};

/** The table for a line that starts like an account or group line, if any. */
export function recordTable(b: Buffer, s: number, e: number): Table | undefined {
  if (startsWith(b, s, e, ACCOUNT_TABLE.prefix)) return ACCOUNT_TABLE;
  if (startsWith(b, s, e, GROUP_TABLE.prefix)) return GROUP_TABLE;
  if (startsWith(b, s, e, PERSON_TABLE.prefix)) return PERSON_TABLE;
  return undefined;
}

/** Source names repeat on every line: decode each distinct one once. */
let lastSource = '';
let lastSourceBytes = Buffer.alloc(0);

const isoAt = (b: Buffer, s: number, e: number): number => {
  const text = b.toString('utf8', s, e);
  return isIsoTime(text) ? Date.parse(text) : NaN;
};

/**
 * Scans b[s, e) (one line, without its newline) into `out`, and a group's members into `sink`. Returns
 * false, leaving `out` unspecified and `sink` as it was, when the line is not a plain record of the
 * table's kind that this reader can vouch for.
 */
export function scanRecordLine(
  t: Table,
  b: Buffer,
  s: number,
  e: number,
  out: RawPrincipal,
  sink: MemberSink,
  open = false,
  self = -1,
): boolean {
  const membersAt = sink.n;
  if (scan(t, b, s, e, out, sink, open, self)) return true;
  sink.n = membersAt;
  return false;
}

/**
 * With `open`, e only bounds the search: the record must end at a newline, whose position becomes out.end.
 * `self` is the index the record will have: a group listing it as a member is left to the schema path,
 * which names the error. Bytes of 0x80 and above must form UTF-8 (RFC 3629), checked where they are met.
 */
function scan(t: Table, b: Buffer, s: number, e: number, out: RawPrincipal, sink: MemberSink, open: boolean, self: number): boolean {
  // Offsets are 16-bit; a longer line (a group with thousands of members) keeps its strings near the
  // start, so only string values past the limit send the line to the schema.
  out.offsets.fill(ABSENT);
  out.plain = 0;
  out.kind = t.kind;
  out.type = 0;
  out.enabled = false;
  out.membersFrom = sink.n;
  out.membersTo = sink.n;
  out.expiresMs = NaN;
  out.primaryGroupId = NaN;
  out.start = s;
  out.end = e;
  let seen = 0;
  let required = 0;
  let p = s;
  if (b[p++] !== 0x7b) return false;
  let last: Field | undefined;
  for (;;) {
    if (b[p] !== 0x22) return false;
    const ks = ++p;
    // Lines of one kind repeat one field order: the field that came next last time is tried first, its
    // name, quote and colon compared in one pass. Any other key is found by its length and bytes.
    let f = last === undefined ? t.first : last.next;
    if (f !== undefined && startsWith(b, ks, e, f.keyed)) p = ks + f.keyed.length;
    else {
      while (p < e && b[p] !== 0x22) p++;
      if (p >= e) return false;
      f = fieldAt(t, b, ks, p);
      if (!f) return false;
      p++;
      if (b[p++] !== 0x3a) return false;
      if (last === undefined) t.first = f;
      else last.next = f;
    }
    last = f;
    const c = b[p];
    let vs = -1;
    let ve = -1;
    let bool = -1;
    let isNull = false;
    let num = NaN;
    let plain = true;
    let isArray = false;
    if (c === 0x22) {
      vs = ++p;
      for (;;) {
        if (p >= e) return false;
        const x = b[p]!;
        // Most bytes are plain ASCII other than the quote and the backslash: one test for them.
        if (x > 0x22 && x < 0x7f && x !== 0x5c) {
          p++;
          continue;
        }
        if (x === 0x22) break;
        // Escapes and raw control characters: leave them to JSON.parse.
        if (x === 0x5c || x < 0x20) return false;
        if (x < 0x21 || x > 0x7e) plain = false;
        if (x >= 0x80) {
          p = utf8SequenceEnd(b, p, e);
          if (p < 0) return false;
          continue;
        }
        p++;
      }
      ve = p++;
    } else if (c === 0x74) {
      if (b[p + 1] !== 0x72 || b[p + 2] !== 0x75 || b[p + 3] !== 0x65) return false;
      bool = 1;
      p += 4;
    } else if (c === 0x66) {
      if (b[p + 1] !== 0x61 || b[p + 2] !== 0x6c || b[p + 3] !== 0x73 || b[p + 4] !== 0x65) return false;
      bool = 0;
      p += 5;
    } else if (c === 0x6e) {
      if (b[p + 1] !== 0x75 || b[p + 2] !== 0x6c || b[p + 3] !== 0x6c) return false;
      isNull = true;
      p += 4;
    } else if (c === 0x5b) {
      if (f.check !== 'indexes') return false;
      isArray = true;
      p++;
      out.membersFrom = sink.n;
      if (b[p] === 0x5d) p++;
      else {
        for (;;) {
          const ds = p;
          let v = 0;
          for (; p < e; p++) {
            const d = b[p]! - 0x30;
            if (d >>> 0 > 9) break; // not a digit (one unsigned test for both bounds)
            v = v * 10 + d;
          }
          const digits = p - ds;
          // Indexes are non-negative integers below 2^31: no sign, fraction, exponent or leading zero.
          if (digits === 0 || digits > 10 || v > 0x7fffffff || (digits > 1 && b[ds] === 0x30) || v === self) return false;
          if (sink.n === sink.data.length) sink.grow();
          sink.data[sink.n++] = v;
          const sep = b[p++];
          if (sep === 0x2c) continue;
          if (sep === 0x5d) break;
          return false;
        }
      }
      out.membersTo = sink.n;
    } else if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
      num = jsonInteger(b, p, e);
      p = integerEnd;
      if (Number.isNaN(num)) return false;
    } else return false;

    switch (f.check) {
      case 'kind':
        if (vs < 0 || !same(b, vs, ve, t.kindBytes)) return false;
        break;
      case 'indexes':
        if (!isArray) return false;
        break;
      case 'flag':
        if (bool < 0) return false;
        break;
      case 'groupKind':
      case 'status': {
        if (vs < 0) return false;
        const k = indexOfBytes(f.check === 'status' ? STATUS_BYTES : GROUP_KIND_BYTES, b, vs, ve);
        if (k < 0) return false;
        out.type = k;
        break;
      }
      case 'nonEmpty':
      case 'str':
        if (vs < 0 || (f.check === 'nonEmpty' && ve === vs)) return false;
        if (f.name === 'source') {
          if (!same(b, vs, ve, lastSourceBytes)) {
            lastSourceBytes = Buffer.from(b.subarray(vs, ve));
            lastSource = b.toString('utf8', vs, ve);
          }
          out.source = lastSource;
        }
        break;
      case 'type': {
        if (vs < 0) return false;
        const t = indexOfBytes(TYPE_BYTES, b, vs, ve);
        if (t < 0) return false;
        out.type = t;
        break;
      }
      case 'bool':
        if (bool < 0) return false;
        out.enabled = bool === 1;
        break;
      case 'int':
        if (Number.isNaN(num)) return false;
        out.primaryGroupId = num;
        break;
      case 'isoOrNull':
      case 'iso': {
        if (isNull && f.check === 'isoOrNull') {
          out.expiresMs = NaN;
          break;
        }
        if (vs < 0) return false;
        const ms = isoAt(b, vs, ve);
        if (Number.isNaN(ms)) return false;
        if (f.name === 'expiresAt') out.expiresMs = ms;
        break;
      }
    }
    if (f.hot >= 0) {
      if (ve - s > 0xfffe) return false;
      out.offsets[f.hot * 2] = vs - s;
      out.offsets[f.hot * 2 + 1] = ve - vs;
      if (plain) out.plain |= 1 << f.hot;
      else out.plain &= ~(1 << f.hot);
    }
    if (f.required && !(seen & f.bit)) required++;
    seen |= f.bit;
    const sep = b[p++];
    if (sep === 0x2c) continue;
    if (sep === 0x7d) break;
    return false;
  }
  if (required !== t.required) return false;
  if (!open) return p === e;
  if (b[p] !== 0x0a) return false;
  out.end = p;
  return true;
}
