/**
 * Security descriptors built byte by byte from Microsoft's published layouts ([MS-DTYP] 2.4.2.2 SID,
 * 2.4.4.1-3 ACE_HEADER / ACCESS_ALLOWED_ACE / ACCESS_ALLOWED_OBJECT_ACE, 2.4.5 ACL, 2.4.6
 * SECURITY_DESCRIPTOR), independently of the parser in src/, for tests.
 */
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
export function sid(text: string): Buffer {
  const [, rev, auth, ...subs] = text.split('-');
  const authority = Buffer.alloc(6);
  authority.writeUIntBE(Number(auth), 0, 6);
  return Buffer.concat([Buffer.from([Number(rev), subs.length]), authority, ...subs.map((s) => u32(Number(s)))]);
}
/** GUID as stored: Data1 (4 bytes LE), Data2 and Data3 (2 bytes LE each), Data4 (8 bytes in order). */
export function guid(text: string): Buffer {
  const [d1, d2, d3, d4a, d4b] = text.split('-');
  const le = (hex: string) => Buffer.from(hex, 'hex').reverse();
  return Buffer.concat([le(d1!), le(d2!), le(d3!), Buffer.from(d4a! + d4b!, 'hex')]);
}
export interface AceSpec {
  type: 'allow' | 'deny';
  sid: string;
  mask: number;
  flags?: number;
  objectType?: string;
  inheritedObjectType?: string;
}
export function ace(a: AceSpec): Buffer {
  const object = a.objectType !== undefined || a.inheritedObjectType !== undefined;
  const type = (a.type === 'allow' ? 0x00 : 0x01) + (object ? 0x05 : 0);
  const body = object
    ? Buffer.concat([
        u32(a.mask),
        u32((a.objectType ? 1 : 0) | (a.inheritedObjectType ? 2 : 0)),
        a.objectType ? guid(a.objectType) : Buffer.alloc(0),
        a.inheritedObjectType ? guid(a.inheritedObjectType) : Buffer.alloc(0),
        sid(a.sid),
      ])
    : Buffer.concat([u32(a.mask), sid(a.sid)]);
  return Buffer.concat([Buffer.from([type, a.flags ?? 0]), u16(4 + body.length), body]);
}
export function acl(aces: AceSpec[], revision = 4): Buffer {
  const body = Buffer.concat(aces.map(ace));
  return Buffer.concat([Buffer.from([revision, 0]), u16(8 + body.length), u16(aces.length), u16(0), body]);
}
/** Owner SID first, then the DACL, so the DACL offset is not simply 20. */
export function descriptor(dacl: Buffer | null, control = 0x8000 | (dacl ? 0x0004 : 0)): Buffer {
  const owner = sid('S-1-5-32-544');
  const daclAt = dacl ? 20 + owner.length : 0;
  const header = Buffer.concat([Buffer.from([1, 0]), u16(control), u32(20), u32(0), u32(0), u32(daclAt)]);
  return Buffer.concat([header, owner, dacl ?? Buffer.alloc(0)]);
}
