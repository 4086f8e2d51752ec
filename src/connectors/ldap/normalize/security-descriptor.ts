import { decodeGuid, decodeSid } from './ad-values.js';

/**
 * The binary self-relative security descriptor AD returns in nTSecurityDescriptor ([MS-DTYP] 2.4.6
 * SECURITY_DESCRIPTOR, 2.4.5 ACL, 2.4.4 ACEs), read only as far as deciding one question: may a
 * principal write a group's `member` attribute? That is what "Manager can update membership list"
 * grants to the group's managedBy: an allow ACE with ADS_RIGHT_DS_WRITE_PROP on `member`.
 */

export interface Ace {
  type: number;
  flags: number;
  mask: number;
  /** Object ACEs: the property, property set or class the ACE is about (lower-case GUID), when present. */
  objectType?: string;
  sid: string;
}

export interface SecurityDescriptor {
  control: number;
  /** null: no DACL (SE_DACL_PRESENT clear, or a NULL DACL), which grants everyone every right ([MS-DTYP] 2.4.6). */
  dacl: Ace[] | null;
}

export class SecurityDescriptorError extends Error {
  constructor(message: string) {
    super(`malformed security descriptor: ${message}`);
    this.name = 'SecurityDescriptorError';
  }
}

const SE_DACL_PRESENT = 0x0004;
const SE_SELF_RELATIVE = 0x8000;

export const ACE_TYPE = {
  accessAllowed: 0x00,
  accessDenied: 0x01,
  accessAllowedObject: 0x05,
  accessDeniedObject: 0x06,
} as const;
/** ACE_HEADER AceFlags ([MS-DTYP] 2.4.4.1): the ACE only passes to children and does not apply to the object. */
const INHERIT_ONLY_ACE = 0x08;
/** Object ACE Flags ([MS-DTYP] 2.4.4.3). */
const ACE_OBJECT_TYPE_PRESENT = 0x1;
const ACE_INHERITED_OBJECT_TYPE_PRESENT = 0x2;

/** ACCESS_MASK bits ([MS-DTYP] 2.4.3; ADS_RIGHT_DS_WRITE_PROP in [MS-ADTS] 5.1.3.2). */
export const ADS_RIGHT_DS_WRITE_PROP = 0x20;
const GENERIC_ALL = 0x10000000;
const GENERIC_WRITE = 0x40000000;

/** schemaIDGUID of `member` ([MS-ADA2] 2.43) and the Membership property set it belongs to (its attributeSecurityGUID). */
export const MEMBER_SCHEMA_GUID = 'bf9679c0-0de6-11d0-a285-00aa003049e2';
export const MEMBERSHIP_PROPERTY_SET_GUID = 'bc0ac240-79a9-11d0-9020-00c04fc2d4cf';

/** SIDs in every authenticated user's token ([MS-DTYP] 2.4.2.4): Everyone, Authenticated Users. */
const EVERYONE_SIDS = ['S-1-1-0', 'S-1-5-11'];

function sidAt(b: Buffer, at: number, end: number): { sid: string; end: number } {
  // SID ([MS-DTYP] 2.4.2.2): Revision, SubAuthorityCount, 6-byte authority, 4 bytes per sub-authority.
  if (at + 8 > end) throw new SecurityDescriptorError(`SID at ${at} runs past its structure`);
  const len = 8 + 4 * b[at + 1]!;
  if (b[at] !== 1 || at + len > end) throw new SecurityDescriptorError(`SID at ${at} is not a revision-1 SID within its structure`);
  return { sid: decodeSid(b.subarray(at, at + len))!, end: at + len };
}

function parseAcl(b: Buffer, at: number): Ace[] {
  if (at + 8 > b.length) throw new SecurityDescriptorError(`ACL at ${at} runs past the end`);
  const revision = b[at]!;
  if (revision !== 2 && revision !== 4) throw new SecurityDescriptorError(`ACL revision ${revision} (expected 2 or 4)`);
  const size = b.readUInt16LE(at + 2);
  const count = b.readUInt16LE(at + 4);
  const aclEnd = at + size;
  if (size < 8 || aclEnd > b.length) throw new SecurityDescriptorError(`ACL size ${size} at ${at} runs past the end`);
  const aces: Ace[] = [];
  let p = at + 8;
  for (let k = 0; k < count; k++) {
    if (p + 4 > aclEnd) throw new SecurityDescriptorError(`ACE ${k} of ${count} starts past the ACL`);
    const type = b[p]!;
    const flags = b[p + 1]!;
    const aceSize = b.readUInt16LE(p + 2);
    const aceEnd = p + aceSize;
    if (aceSize < 8 || aceEnd > aclEnd) throw new SecurityDescriptorError(`ACE ${k} size ${aceSize} runs past the ACL`);
    if (type === ACE_TYPE.accessAllowed || type === ACE_TYPE.accessDenied) {
      aces.push({ type, flags, mask: b.readUInt32LE(p + 4), sid: sidAt(b, p + 8, aceEnd).sid });
    } else if (type === ACE_TYPE.accessAllowedObject || type === ACE_TYPE.accessDeniedObject) {
      if (p + 12 > aceEnd) throw new SecurityDescriptorError(`object ACE ${k} is too short`);
      const mask = b.readUInt32LE(p + 4);
      const objFlags = b.readUInt32LE(p + 8);
      let q = p + 12;
      let objectType: string | undefined;
      if (objFlags & ACE_OBJECT_TYPE_PRESENT) {
        if (q + 16 > aceEnd) throw new SecurityDescriptorError(`object ACE ${k}: ObjectType runs past the ACE`);
        objectType = decodeGuid(b.subarray(q, q + 16))!;
        q += 16;
      }
      if (objFlags & ACE_INHERITED_OBJECT_TYPE_PRESENT) q += 16;
      aces.push({ type, flags, mask, sid: sidAt(b, q, aceEnd).sid, ...(objectType ? { objectType } : {}) });
    } else {
      // Audit, alarm and callback ACEs decide nothing here; kept so the order stays visible.
      aces.push({ type, flags, mask: b.readUInt32LE(p + 4), sid: '' });
    }
    p = aceEnd;
  }
  return aces;
}

/** Parses a self-relative SECURITY_DESCRIPTOR; throws SecurityDescriptorError on anything malformed. */
export function parseSecurityDescriptor(b: Buffer): SecurityDescriptor {
  if (b.length < 20) throw new SecurityDescriptorError(`${b.length} bytes, shorter than its 20-byte header`);
  if (b[0] !== 1) throw new SecurityDescriptorError(`revision ${b[0]} (expected 1)`);
  const control = b.readUInt16LE(2);
  if (!(control & SE_SELF_RELATIVE)) throw new SecurityDescriptorError('not self-relative (SE_SELF_RELATIVE clear)');
  const daclOffset = b.readUInt32LE(16);
  if (!(control & SE_DACL_PRESENT) || daclOffset === 0) return { control, dacl: null };
  return { control, dacl: parseAcl(b, daclOffset) };
}

const coversMember = (a: Ace): boolean =>
  a.objectType === undefined || a.objectType === MEMBER_SCHEMA_GUID || a.objectType === MEMBERSHIP_PROPERTY_SET_GUID;
const writesProperties = (mask: number): boolean => (mask & (ADS_RIGHT_DS_WRITE_PROP | GENERIC_ALL | GENERIC_WRITE)) !== 0;

/**
 * Whether the DACL lets a principal with these SIDs write `member` on the object. ACEs are taken in
 * order, as the access check does ([MS-DTYP] 2.5.3.2): the first ACE that applies to one of the SIDs and
 * covers writing `member` decides, so a deny placed before an allow wins (AD stores explicit denies
 * first). Inherit-only ACEs do not apply to the object itself. A missing DACL grants everything.
 */
export function grantsMemberWrite(sd: SecurityDescriptor, principalSids: readonly string[]): boolean {
  if (sd.dacl === null) return true;
  const sids = new Set([...principalSids, ...EVERYONE_SIDS].map((s) => s.toUpperCase()));
  for (const a of sd.dacl) {
    if (a.flags & INHERIT_ONLY_ACE || !sids.has(a.sid.toUpperCase()) || !writesProperties(a.mask) || !coversMember(a)) continue;
    if (a.type === ACE_TYPE.accessDenied || a.type === ACE_TYPE.accessDeniedObject) return false;
    if (a.type === ACE_TYPE.accessAllowed || a.type === ACE_TYPE.accessAllowedObject) return true;
  }
  return false;
}
