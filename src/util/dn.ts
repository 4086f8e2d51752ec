/**
 * Distinguished names in one canonical form, so the same DN written in any of the ways RFC 4514 and
 * Active Directory allow (escapes, hex pairs, case, spacing, order of a multi-valued RDN) matches itself.
 *
 * Parsing follows RFC 4514 section 3 (DN = RDN *(COMMA RDN), RDN = AVA *(PLUS AVA), `\` followed by a
 * special character or a pair of hex digits, hex pairs forming UTF-8). As RFC 4514 section 2.4 and RFC
 * 2253 section 4 allow, it also accepts a semicolon between RDNs and spaces around `,`, `+` and `=`
 * (unescaped leading and trailing spaces of a value are not part of it). Attribute types are compared
 * case-insensitively (RFC 4512 section 2.5) and values too, as Active Directory compares names
 * (learn.microsoft.com, "Distinguished Names": the reserved characters and their escapes).
 */

export interface Ava {
  /** Lower-cased attribute type (descr or numeric OID). */
  type: string;
  /** The unescaped value; for a BER-encoded value (RFC 4514 section 2.4, `#` and hex), its lower-case hex. */
  value: string;
  ber?: true;
}
export type Rdn = Ava[];

export type DnParse = { ok: true; rdns: Rdn[] } | { ok: false; error: string; at: number };

const HEX = /^[0-9a-fA-F]{2}$/;
/** Characters `\` may escape by themselves (RFC 4514 section 3: ESC / special). */
const ESCAPABLE = new Set([' ', '"', '#', '+', ',', ';', '<', '=', '>', '\\']);
const TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const isSpace = (c: string | undefined): boolean => c === ' ';
/** Without the spaces (only U+0020, as RFC 4514 section 2.4 reads them) at either end. */
function spaceTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) === 0x20) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

const PLAIN_TYPE = String.raw`(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)`;
const PLAIN_VALUE = String.raw`[^,+;"\\<>#=\0]*`;
/** A DN with no escapes, quotes, multi-valued RDNs, "#" or ";": valid as it stands, told in one linear pass. */
const PLAIN_DN = new RegExp(`^ *${PLAIN_TYPE} *=${PLAIN_VALUE}(?:, *${PLAIN_TYPE} *=${PLAIN_VALUE})*$`);

/** True when the string parses as a DN (as parseDn, without building the parse for the common plain form). */
export const isDn = (dn: string): boolean => PLAIN_DN.test(dn) || parseDn(dn).ok;

/** Parses a DN string; never throws. The empty string is the root DN (no RDNs). */
export function parseDn(dn: string): DnParse {
  const rdns: Rdn[] = [];
  let p = 0;
  const n = dn.length;
  const fail = (error: string, at = p): DnParse => ({ ok: false, error, at });
  while (p < n && isSpace(dn[p])) p++;
  if (p === n) return { ok: true, rdns };
  let rdn: Rdn = [];
  for (;;) {
    // attributeType
    while (p < n && isSpace(dn[p])) p++;
    const ts = p;
    while (p < n && dn[p] !== '=' && dn[p] !== ',' && dn[p] !== '+' && dn[p] !== ';') p++;
    if (dn[p] !== '=') return fail(`expected "=" after the attribute type "${spaceTrim(dn.slice(ts, p))}"`);
    const type = spaceTrim(dn.slice(ts, p));
    if (!TYPE.test(type)) return fail(`"${type}" is not an attribute type (a name or a numeric OID)`, ts);
    p++;
    while (p < n && isSpace(dn[p])) p++;
    // attributeValue
    let value: string;
    let ber = false;
    if (dn[p] === '#') {
      const vs = ++p;
      while (p < n && /[0-9a-fA-F]/.test(dn[p]!)) p++;
      const hex = dn.slice(vs, p);
      if (hex.length === 0 || hex.length % 2 !== 0)
        return fail('a "#" value must be an even number of hex digits (RFC 4514 section 2.4)', vs);
      value = hex.toLowerCase();
      ber = true;
      while (p < n && isSpace(dn[p])) p++;
    } else if (dn[p] === '"') {
      // RFC 2253 section 4 / RFC 1779: a quoted value, still read by some tools.
      const vs = ++p;
      let out = '';
      while (p < n && dn[p] !== '"') {
        if (dn[p] === '\\' && p + 1 < n) p++;
        out += dn[p++];
      }
      if (p >= n) return fail('unterminated quoted value', vs - 1);
      p++;
      value = out;
      while (p < n && isSpace(dn[p])) p++;
    } else {
      let out = '';
      // Length of the value up to its last escaped or non-space character: unescaped trailing spaces drop.
      let keep = 0;
      while (p < n) {
        const c = dn[p]!;
        if (c === ',' || c === '+' || c === ';') break;
        if (c === '\\') {
          if (HEX.test(dn.slice(p + 1, p + 3))) {
            // A run of hex pairs is one UTF-8 sequence (or several): decode it whole.
            const bytes: number[] = [];
            while (dn[p] === '\\' && HEX.test(dn.slice(p + 1, p + 3))) {
              bytes.push(parseInt(dn.slice(p + 1, p + 3), 16));
              p += 3;
            }
            try {
              out += utf8.decode(Uint8Array.from(bytes));
            } catch {
              return fail('hex-escaped bytes are not valid UTF-8 (RFC 4514 section 3)');
            }
          } else if (p + 1 < n && ESCAPABLE.has(dn[p + 1]!)) {
            out += dn[p + 1]!;
            p += 2;
          } else return fail('"\\" must be followed by a special character or two hex digits (RFC 4514 section 3)');
          keep = out.length;
          continue;
        }
        if (c === '"') return fail('an unescaped " inside a value (RFC 4514 section 2.4: escape it as \\")');
        out += c;
        p++;
        if (c !== ' ') keep = out.length;
      }
      value = out.slice(0, keep);
    }
    rdn.push(ber ? { type: type.toLowerCase(), value, ber } : { type: type.toLowerCase(), value });
    if (p >= n) {
      rdns.push(rdn);
      return { ok: true, rdns };
    }
    const sep = dn[p++];
    if (sep !== '+') {
      rdns.push(rdn);
      rdn = [];
      // A trailing separator leaves an empty RDN, which RFC 4514 does not allow.
      let q = p;
      while (q < n && isSpace(dn[q])) q++;
      if (q === n) return fail('the DN ends with a separator', p - 1);
    }
  }
}

const OUT_ESCAPE = new Set([',', '+', '"', '\\', '<', '>', ';', '=']);
/** A value written back with every special character escaped, so the canonical string parses back to the same DN. */
function escapeValue(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (OUT_ESCAPE.has(c) || (c === '#' && i === 0) || (c === ' ' && (i === 0 || i === v.length - 1))) out += `\\${c}`;
    else if (c === '\0') out += '\\00';
    else out += c;
  }
  return out;
}

const avaKey = (a: Ava): string => `${a.type}=${a.ber ? `#${a.value}` : escapeValue(a.value.toLowerCase())}`;

/** The canonical string of parsed RDNs: types and values lower-cased, AVAs of an RDN sorted. */
export const canonicalDn = (rdns: Rdn[]): string => rdns.map((r) => r.map(avaKey).sort().join('+')).join(',');

/** The old, lenient form: for ids that are not DNs at all (they still need a stable key). */
const lenient = (dn: string): string =>
  dn
    .split(/(?<!\\),/)
    .map((rdn) =>
      rdn
        .split(/(?<!\\)=/)
        .map((s) => s.trim())
        .join('='),
    )
    .join(',')
    .toLowerCase();

/**
 * The common case, a DN with no escapes, quotes, multi-valued RDNs or characters the canonical form
 * escapes: split, trim and lower-case, as the full parse would give. Undefined when unsure.
 */
function plainCanonical(dn: string): string | undefined {
  if (/[\\"+;<>#\0]/.test(dn)) return undefined;
  const rdns = dn.split(',');
  let out = '';
  for (let k = 0; k < rdns.length; k++) {
    const rdn = rdns[k]!;
    const eq = rdn.indexOf('=');
    if (eq < 0 || rdn.indexOf('=', eq + 1) >= 0) return undefined;
    // Only spaces surround separators (RFC 4514 section 2.4 / RFC 2253 section 4), as in the full parse.
    const type = spaceTrim(rdn.slice(0, eq));
    const value = spaceTrim(rdn.slice(eq + 1));
    if (!TYPE.test(type) || (value === '' && k === rdns.length - 1 && rdns.length > 1)) return undefined;
    out += `${k ? ',' : ''}${type.toLowerCase()}=${value.toLowerCase()}`;
  }
  return out;
}

/** The canonical form of a DN, for matching member values to entries; a string that is not a DN gets a lenient key. */
export function normalizeDn(dn: string): string {
  const plain = plainCanonical(dn);
  if (plain !== undefined) return plain;
  const parsed = parseDn(dn);
  return parsed.ok ? canonicalDn(parsed.rdns) : lenient(dn);
}

/** True when `dn` is `base` or lies below it (compared RDN by RDN, so an escaped comma never splits one). */
export function isUnderDn(dn: string, base: string): boolean {
  const d = parseDn(dn);
  const b = parseDn(base);
  if (!d.ok || !b.ok) {
    const dl = lenient(dn);
    const bl = lenient(base);
    return dl === bl || dl.endsWith(`,${bl}`);
  }
  const tail = d.rdns.slice(d.rdns.length - b.rdns.length);
  return b.rdns.length <= d.rdns.length && canonicalDn(tail) === canonicalDn(b.rdns);
}
