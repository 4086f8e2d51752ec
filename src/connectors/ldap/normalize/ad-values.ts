/** Decoders for Active Directory attribute encodings (binary SIDs and GUIDs, FILETIMEs, flags). */

/** objectSid / securityIdentifier: revision, sub-authority count, 48-bit authority, 32-bit LE sub-authorities. */
export function decodeSid(buf: Buffer): string | undefined {
  if (buf.length < 8) return undefined;
  const count = buf[1]!;
  if (buf.length < 8 + count * 4) return undefined;
  const authority = buf.readUIntBE(2, 6);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(buf.readUInt32LE(8 + i * 4));
  return `S-${buf[0]}-${authority}${subs.map((s) => `-${s}`).join('')}`;
}

/** objectGUID: the first three fields are little-endian, the rest is in byte order. */
export function decodeGuid(buf: Buffer): string | undefined {
  if (buf.length !== 16) return undefined;
  const h = buf.toString('hex');
  const le = (start: number, bytes: number): string =>
    h
      .slice(start * 2, (start + bytes) * 2)
      .match(/../g)!
      .reverse()
      .join('');
  return `${le(0, 4)}-${le(4, 2)}-${le(6, 2)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Relative id: the last sub-authority of a SID. */
export const ridOf = (sid: string): number | undefined => {
  const m = /-(\d+)$/.exec(sid);
  return m ? Number(m[1]) : undefined;
};

const FILETIME_UNIX_EPOCH = 116444736000000000n;
const FILETIME_NEVER = 9223372036854775807n;
/** 9999-12-31T23:59:59.999Z: later instants have no ISO 8601 form without an expanded year. */
const MAX_ISO_MS = 253402300799999;

/**
 * FILETIME (100 ns ticks since 1601-01-01 UTC) as an ISO time. 0 and 0x7FFFFFFFFFFFFFFF mean "never"
 * and give null; so does a value after the year 9999 (treated as never, which keeps the
 * account counted as holding credentials rather than silently dropping it).
 */
export function filetimeToIso(value: string): string | null | undefined {
  if (!/^-?\d+$/.test(value.trim())) return undefined;
  const ticks = BigInt(value.trim());
  if (ticks <= 0n || ticks >= FILETIME_NEVER) return null;
  const ms = (ticks - FILETIME_UNIX_EPOCH) / 10000n;
  if (ms > BigInt(MAX_ISO_MS) || ms < -BigInt(MAX_ISO_MS)) return null;
  return new Date(Number(ms)).toISOString();
}

const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})?$/;

/** LDAP GeneralizedTime (`20240131123000.0Z`, `20240131123000Z`, with optional fraction or offset). */
export function generalizedTimeToIso(value: string): string | undefined {
  // The common form (yyyymmddHHMMSSZ, optionally with .0) maps to ISO without date arithmetic.
  if (/^\d{14}(\.0)?Z$/.test(value)) {
    const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(8, 10)}:${value.slice(10, 12)}:${value.slice(12, 14)}.000Z`;
    if (!Number.isNaN(Date.parse(iso))) return iso;
  }
  const m = GENERALIZED_TIME.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  const t = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi, +s, ms) - offsetMin * 60_000;
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export const UAC_ACCOUNTDISABLE = 0x2;
/** ADS_UF_DONT_EXPIRE_PASSWD (MS-ADTS 2.2.16): the password never expires, whatever the policy says. */
export const UAC_DONT_EXPIRE_PASSWORD = 0x10000;
/** ADS_UF_NORMAL_ACCOUNT: only such accounts get a fine-grained policy (MS-ADTS 3.1.1.4.5.36). */
export const UAC_NORMAL_ACCOUNT = 0x200;
/** groupType ACCOUNT_GROUP: a global group, the only scope a PSO applies through. */
export const GROUP_TYPE_GLOBAL = 0x2;
export const GROUP_TYPE_SECURITY = 0x80000000;

/** groupType is a signed 32-bit integer in LDAP (security groups are negative). */
export const isSecurityGroupType = (groupType: number): boolean => ((groupType >>> 0) & GROUP_TYPE_SECURITY) !== 0;

export type TrustDirection = 'inbound' | 'outbound' | 'bidirectional' | 'unknown';
/** trustDirection: 1 inbound, 2 outbound, 3 both; 0 (disabled) and anything else are unknown. */
export const trustDirection = (value: number | undefined): TrustDirection =>
  value === 1 ? 'inbound' : value === 2 ? 'outbound' : value === 3 ? 'bidirectional' : 'unknown';
