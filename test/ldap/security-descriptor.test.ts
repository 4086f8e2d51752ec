import { describe, expect, it } from 'vitest';
import {
  grantsMemberWrite,
  parseSecurityDescriptor,
  SecurityDescriptorError,
} from '../../src/connectors/ldap/normalize/security-descriptor.js';
import { acl, descriptor, type AceSpec } from '../helpers/ldap/security-descriptor-bytes.js';

/*
 * Descriptors are built here byte by byte from Microsoft's published layouts, not from the parser:
 * - [MS-DTYP] 2.4.2.2 SID: Revision (1), SubAuthorityCount, IdentifierAuthority (6 bytes, big-endian), SubAuthority[] (LE)
 * - [MS-DTYP] 2.4.4.1 ACE_HEADER: AceType, AceFlags (INHERIT_ONLY_ACE 0x08), AceSize (LE)
 * - [MS-DTYP] 2.4.4.2 ACCESS_ALLOWED_ACE: Header, Mask, Sid
 * - [MS-DTYP] 2.4.4.3 ACCESS_ALLOWED_OBJECT_ACE: Header, Mask, Flags (ACE_OBJECT_TYPE_PRESENT 1,
 *   ACE_INHERITED_OBJECT_TYPE_PRESENT 2), ObjectType, InheritedObjectType, Sid; mask ADS_RIGHT_DS_WRITE_PROP 0x20
 *   https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-dtyp/c79a383c-2b3f-4655-abe7-dcbb7ce0cfbe
 * - [MS-DTYP] 2.4.5 ACL: AclRevision (2, or 4 with object ACEs), Sbz1, AclSize, AceCount, Sbz2
 * - [MS-DTYP] 2.4.6 SECURITY_DESCRIPTOR (self-relative): Revision 1, Sbz1, Control (SE_DACL_PRESENT 0x0004,
 *   SE_SELF_RELATIVE 0x8000), OffsetOwner, OffsetGroup, OffsetSacl, OffsetDacl
 * - [MS-DTYP] 2.5.3.2 access check: ACEs are evaluated in order; a deny for bits not yet granted denies
 * - [MS-ADA2] 2.43 Attribute member: schemaIdGuid bf9679c0-0de6-11d0-a285-00aa003049e2,
 *   attributeSecurityGuid bc0ac240-79a9-11d0-9020-00c04fc2d4cf (the Membership property set)
 *   https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-ada2/763d0861-f4f6-4251-847e-7e8dedcfe73f
 * - [MS-ADA2] 2.8 managedBy: schemaIdGuid 0296c120-40da-11d1-a9c0-0000f80367c1 (used as "some other attribute")
 */

const MANAGER = 'S-1-5-21-3623811015-3361044348-30300820-1105';
const OTHER = 'S-1-5-21-3623811015-3361044348-30300820-1106';
const MEMBER = 'bf9679c0-0de6-11d0-a285-00aa003049e2';
const MEMBERSHIP_SET = 'bc0ac240-79a9-11d0-9020-00c04fc2d4cf';
const MANAGED_BY = '0296c120-40da-11d1-a9c0-0000f80367c1';
const GROUP_CLASS = 'bf967a9c-0de6-11d0-a285-00aa003049e2';
const WP = 0x20;
const RP = 0x10;

const check = (aces: AceSpec[], sids = [MANAGER]) => grantsMemberWrite(parseSecurityDescriptor(descriptor(acl(aces))), sids);

describe('security descriptor: may the manager write member?', () => {
  it.each<[string, AceSpec[], boolean]>([
    // "Manager can update membership list": an object ACE, WP on member ([MS-DTYP] 2.4.4.3, [MS-ADA2] 2.43).
    ['allow WP on member', [{ type: 'allow', sid: MANAGER, mask: WP, objectType: MEMBER }], true],
    // A property-set ACE covers every attribute of the set; member's attributeSecurityGuid is Membership ([MS-ADA2] 2.43).
    ['allow WP on the Membership property set', [{ type: 'allow', sid: MANAGER, mask: WP, objectType: MEMBERSHIP_SET }], true],
    // A plain (non-object) ACE with WP writes all properties ([MS-DTYP] 2.4.4.2).
    ['allow WP on all properties', [{ type: 'allow', sid: MANAGER, mask: WP }], true],
    // Both GUIDs present: the SID comes after the InheritedObjectType ([MS-DTYP] 2.4.4.3).
    [
      'allow WP on member, limited to group objects',
      [{ type: 'allow', sid: MANAGER, mask: WP, objectType: MEMBER, inheritedObjectType: GROUP_CLASS }],
      true,
    ],
    // GENERIC_ALL ([MS-DTYP] 2.4.3) includes every right.
    ['allow GENERIC_ALL', [{ type: 'allow', sid: MANAGER, mask: 0x10000000 }], true],
    // Everyone (S-1-1-0) is in every token ([MS-DTYP] 2.4.2.4).
    ['allow WP on member to Everyone', [{ type: 'allow', sid: 'S-1-1-0', mask: WP, objectType: MEMBER }], true],
    // Near misses.
    ['allow WP on another attribute (managedBy)', [{ type: 'allow', sid: MANAGER, mask: WP, objectType: MANAGED_BY }], false],
    ['allow only read property on member', [{ type: 'allow', sid: MANAGER, mask: RP, objectType: MEMBER }], false],
    ['allow WP on member to someone else', [{ type: 'allow', sid: OTHER, mask: WP, objectType: MEMBER }], false],
    // INHERIT_ONLY_ACE: passes to children, does not apply to the object itself ([MS-DTYP] 2.4.4.1).
    ['inherit-only allow WP on member', [{ type: 'allow', sid: MANAGER, mask: WP, objectType: MEMBER, flags: 0x08 | 0x02 }], false],
    // [MS-DTYP] 2.5.3.2: in order; an explicit deny stored before the allow wins.
    [
      'deny WP on member, then allow',
      [
        { type: 'deny', sid: MANAGER, mask: WP, objectType: MEMBER },
        { type: 'allow', sid: MANAGER, mask: WP, objectType: MEMBER },
      ],
      false,
    ],
    [
      'deny WP to Everyone, then allow the manager',
      [
        { type: 'deny', sid: 'S-1-1-0', mask: WP },
        { type: 'allow', sid: MANAGER, mask: WP, objectType: MEMBER },
      ],
      false,
    ],
    // A deny of another attribute, or of reading, does not touch writing member.
    [
      'deny WP on managedBy, allow WP on member',
      [
        { type: 'deny', sid: MANAGER, mask: WP, objectType: MANAGED_BY },
        { type: 'allow', sid: MANAGER, mask: WP, objectType: MEMBER },
      ],
      true,
    ],
    // Once granted, a later deny does not take it back ([MS-DTYP] 2.5.3.2: deny only bits not yet granted).
    [
      'allow, then deny (non-canonical order)',
      [
        { type: 'allow', sid: MANAGER, mask: WP, objectType: MEMBER },
        { type: 'deny', sid: MANAGER, mask: WP, objectType: MEMBER },
      ],
      true,
    ],
    ['an empty DACL', [], false],
  ])('%s: %s', (_name, aces, expected) => {
    expect(check(aces)).toBe(expected);
  });

  it('an ACL of revision 2 with plain ACEs is read too', () => {
    expect(grantsMemberWrite(parseSecurityDescriptor(descriptor(acl([{ type: 'allow', sid: MANAGER, mask: WP }], 2))), [MANAGER])).toBe(
      true,
    );
  });

  it('no DACL at all (SE_DACL_PRESENT clear) grants everyone everything ([MS-DTYP] 2.4.6)', () => {
    const sd = parseSecurityDescriptor(descriptor(null));
    expect(sd.dacl).toBeNull();
    expect(grantsMemberWrite(sd, [MANAGER])).toBe(true);
  });

  it('reads every ACE with its SID, mask and object type', () => {
    const sd = parseSecurityDescriptor(
      descriptor(
        acl([
          { type: 'deny', sid: OTHER, mask: WP, objectType: MANAGED_BY },
          { type: 'allow', sid: MANAGER, mask: WP | RP, objectType: MEMBER, inheritedObjectType: GROUP_CLASS, flags: 0x02 },
        ]),
      ),
    );
    expect(sd.dacl).toEqual([
      { type: 0x06, flags: 0, mask: WP, objectType: MANAGED_BY, sid: OTHER },
      { type: 0x05, flags: 0x02, mask: WP | RP, objectType: MEMBER, sid: MANAGER },
    ]);
  });

  it.each<[string, Buffer]>([
    ['too short for the header', Buffer.alloc(10)],
    ['revision 2', Buffer.concat([Buffer.from([2]), descriptor(acl([])).subarray(1)])],
    ['absolute (SE_SELF_RELATIVE clear)', descriptor(acl([]), 0x0004)],
    ['DACL cut short', descriptor(acl([{ type: 'allow', sid: MANAGER, mask: WP, objectType: MEMBER }])).subarray(0, 60)],
    [
      'ACE size beyond the ACL',
      (() => {
        const d = descriptor(acl([{ type: 'allow', sid: MANAGER, mask: WP }]));
        const daclAt = d.readUInt32LE(16);
        d.writeUInt16LE(400, daclAt + 8 + 2);
        return d;
      })(),
    ],
  ])('rejects a malformed descriptor: %s', (_name, bytes) => {
    expect(() => parseSecurityDescriptor(bytes)).toThrow(SecurityDescriptorError);
  });
});
