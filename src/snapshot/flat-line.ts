import { utf8 } from '../util/utf8.js';
import { integerEnd, jsonInteger } from './json-integer.js';
import { utf8SequenceEnd } from '../util/text-bytes.js';

/**
 * Parses a flat JSON object line (string, boolean, null and integer values, and arrays of integers) from
 * its bytes. JSON.parse interns every short string value it reads, which for the snapshot's millions of
 * short unique ids costs more than the parse itself; this reader decodes each value once and interns only
 * keys. It returns undefined for anything outside that subset (escapes, fractions, nested objects, other
 * arrays, whitespace), and the caller falls back to JSON.parse, so the result is always JSON.parse's.
 * test/snapshot/record-line.test.ts holds it to JSON.parse.
 */
const keyCache: { bytes: Buffer; key: string }[][] = [];
let cachedKeys = 0;

function keyAt(b: Buffer, s: number, e: number): string {
  const len = e - s;
  const list = (keyCache[len] ??= []);
  outer: for (const k of list) {
    for (let j = 0; j < len; j++) if (k.bytes[j] !== b[s + j]) continue outer;
    return k.key;
  }
  const key = utf8(b, s, e);
  // Keys come from a fixed schema; the bound only guards against a file full of odd keys.
  if (cachedKeys < 512) {
    list.push({ bytes: Buffer.from(b.subarray(s, e)), key });
    cachedKeys++;
  }
  return key;
}

let pos = 0;

/** An integer at pos (see jsonInteger); moves pos past it. */
function integer(b: Buffer, e: number): number {
  const v = jsonInteger(b, pos, e);
  pos = integerEnd;
  return v;
}

/**
 * The end of the string whose opening quote is at pos, or -1 for escapes, control characters, bytes that
 * are not UTF-8 (RFC 3629; the caller's fallback names them), no end.
 */
function stringEnd(b: Buffer, e: number): number {
  for (let p = pos + 1; p < e; p++) {
    const x = b[p]!;
    if (x === 0x22) return p;
    if (x === 0x5c || x < 0x20) return -1;
    if (x >= 0x80) {
      const q = utf8SequenceEnd(b, p, e);
      if (q < 0) return -1;
      p = q - 1;
    }
  }
  return -1;
}

export function parseFlatLine(b: Buffer, s: number, e: number): Record<string, unknown> | undefined {
  pos = s;
  if (b[pos++] !== 0x7b) return undefined;
  const o: Record<string, unknown> = {};
  if (b[pos] === 0x7d) return pos + 1 === e ? o : undefined;
  for (;;) {
    if (b[pos] !== 0x22) return undefined;
    const ke = stringEnd(b, e);
    if (ke < 0) return undefined;
    const key = keyAt(b, pos + 1, ke);
    // JSON.parse makes "__proto__" an own property; plain assignment would not.
    if (key === '__proto__') return undefined;
    pos = ke + 1;
    if (b[pos++] !== 0x3a) return undefined;
    const c = b[pos];
    let v: unknown;
    if (c === 0x22) {
      const ve = stringEnd(b, e);
      if (ve < 0) return undefined;
      v = utf8(b, pos + 1, ve);
      pos = ve + 1;
    } else if (c === 0x74 && b[pos + 1] === 0x72 && b[pos + 2] === 0x75 && b[pos + 3] === 0x65) {
      v = true;
      pos += 4;
    } else if (c === 0x66 && b[pos + 1] === 0x61 && b[pos + 2] === 0x6c && b[pos + 3] === 0x73 && b[pos + 4] === 0x65) {
      v = false;
      pos += 5;
    } else if (c === 0x6e && b[pos + 1] === 0x75 && b[pos + 2] === 0x6c && b[pos + 3] === 0x6c) {
      v = null;
      pos += 4;
    } else if (c === 0x5b) {
      pos++;
      const a: number[] = [];
      if (b[pos] === 0x5d) pos++;
      else {
        for (;;) {
          const x = integer(b, e);
          if (Number.isNaN(x)) return undefined;
          a.push(x);
          const sep = b[pos++];
          if (sep === 0x2c) continue;
          if (sep === 0x5d) break;
          return undefined;
        }
      }
      v = a;
    } else {
      v = integer(b, e);
      if (Number.isNaN(v)) return undefined;
    }
    o[key] = v;
    const sep = b[pos++];
    if (sep === 0x2c) continue;
    if (sep === 0x7d) return pos === e ? o : undefined;
    return undefined;
  }
}
