import { ABSENT, ACCOUNT_TYPES, HOT_STRINGS, type RawAccount } from '../estate/principals.js';
import { isIsoTime } from './fast-check.js';

/**
 * Reads an account line of a snapshot straight from its bytes, without building the record: it checks
 * every field as the schema would and notes where the strings the engine needs lie. It accepts only a
 * strict, common subset (the compact JSON demarc writes: no escapes, no nested values, integers without
 * exponent); for anything else it returns false and the line goes through JSON.parse and the schema,
 * which decide and name the bad field. test/snapshot/account-line.test.ts holds it to JSON.parse.
 */
type Check = 'kind' | 'nonEmpty' | 'str' | 'bool' | 'int' | 'iso' | 'isoOrNull' | 'type';

/** Every account field except the nested ones (attributes, ownerRefs), which send the line to the schema. */
export const SCANNED_ACCOUNT_FIELDS: Record<string, Check> = {
  kind: 'kind', source: 'nonEmpty', id: 'nonEmpty', type: 'type', name: 'str', enabled: 'bool',
  dn: 'str', upn: 'str', samAccountName: 'str', mail: 'str', employeeId: 'str', sid: 'str',
  expiresAt: 'isoOrNull', createdAt: 'iso', lastLogonAt: 'iso', passwordLastSetAt: 'iso', primaryGroupId: 'int',
  homeTenant: 'str', externalUserState: 'str', creationType: 'str', onPremisesSid: 'str', onPremisesSamAccountName: 'str',
  appId: 'str', appOwnerOrganizationId: 'str', servicePrincipalType: 'str',
};

interface Field {
  bytes: Buffer;
  check: Check;
  hot: number;
  required: boolean;
  name: string;
  bit: number;
}
const REQUIRED = new Set(['kind', 'source', 'id', 'type', 'name', 'enabled']);
const FIELDS: Field[] = Object.entries(SCANNED_ACCOUNT_FIELDS).map(([name, check], k) => ({
  name,
  bit: 2 ** k,
  bytes: Buffer.from(name),
  check,
  hot: (HOT_STRINGS as readonly string[]).indexOf(name),
  required: REQUIRED.has(name),
}));
const byLength: Field[][] = [];
for (const f of FIELDS) (byLength[f.bytes.length] ??= []).push(f);
const TYPE_BYTES = ACCOUNT_TYPES.map((t) => Buffer.from(t));
const ACCOUNT = Buffer.from('account');
const REQUIRED_COUNT = REQUIRED.size;
/** The prefix demarc writes on every account line: the only lines tried here. */
export const ACCOUNT_PREFIX = Buffer.from('{"kind":"account",');

const same = (b: Buffer, s: number, e: number, want: Buffer): boolean => {
  if (e - s !== want.length) return false;
  for (let k = 0; k < want.length; k++) if (b[s + k] !== want[k]) return false;
  return true;
};

function fieldAt(b: Buffer, s: number, e: number): Field | undefined {
  const list = byLength[e - s];
  if (list) for (const f of list) if (same(b, s, e, f.bytes)) return f;
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
 * Scans b[s, e) (one line, without its newline) into `out`. Returns false, leaving `out` unspecified,
 * when the line is not a plain account record this reader can vouch for.
 */
export function scanAccountLine(b: Buffer, s: number, e: number, out: RawAccount): boolean {
  if (e - s > 0xfffe) return false;
  out.offsets.fill(ABSENT);
  out.expiresMs = NaN;
  out.primaryGroupId = NaN;
  out.start = s;
  out.end = e;
  let seen = 0;
  let required = 0;
  let p = s;
  if (b[p++] !== 0x7b) return false;
  for (;;) {
    if (b[p] !== 0x22) return false;
    const ks = ++p;
    while (p < e && b[p] !== 0x22) p++;
    if (p >= e) return false;
    const f = fieldAt(b, ks, p);
    if (!f) return false;
    p++;
    if (b[p++] !== 0x3a) return false;
    const c = b[p];
    let vs = -1;
    let ve = -1;
    let bool = -1;
    let isNull = false;
    let num = NaN;
    if (c === 0x22) {
      vs = ++p;
      for (;;) {
        if (p >= e) return false;
        const x = b[p]!;
        if (x === 0x22) break;
        // Escapes and raw control characters: leave them to JSON.parse.
        if (x === 0x5c || x < 0x20) return false;
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
    } else if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
      const neg = c === 0x2d;
      if (neg) p++;
      const ds = p;
      let v = 0;
      while (p < e && b[p]! >= 0x30 && b[p]! <= 0x39) v = v * 10 + (b[p++]! - 0x30);
      const digits = p - ds;
      // Fractions, exponents, leading zeros and numbers beyond 2^53 go to JSON.parse.
      if (digits === 0 || digits > 15 || (digits > 1 && b[ds] === 0x30)) return false;
      if (b[p] === 0x2e || b[p] === 0x65 || b[p] === 0x45) return false;
      num = neg ? -v : v;
    } else return false;

    switch (f.check) {
      case 'kind':
        if (vs < 0 || !same(b, vs, ve, ACCOUNT)) return false;
        break;
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
        const t = TYPE_BYTES.findIndex((x) => same(b, vs, ve, x));
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
      out.offsets[f.hot * 2] = vs - s;
      out.offsets[f.hot * 2 + 1] = ve - vs;
    }
    if (f.required && !(seen & f.bit)) required++;
    seen |= f.bit;
    const sep = b[p++];
    if (sep === 0x2c) continue;
    if (sep === 0x7d) break;
    return false;
  }
  return p === e && required === REQUIRED_COUNT;
}
