import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importLdif } from '../helpers/ldap/context.js';
import { acl, descriptor, sid } from '../helpers/ldap/security-descriptor-bytes.js';

/*
 * managedBy in an LDIF export ([MS-ADA2] 2.8): the manager owns the group only when the exported
 * nTSecurityDescriptor (base64, "attr::", RFC 2849) has an allow ACE with write property on member
 * ([MS-ADA2] 2.43 schemaIdGuid bf9679c0-0de6-11d0-a285-00aa003049e2) for the manager's SID.
 */
const dir = mkdtempSync(join(tmpdir(), 'demarc-ldif-managers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DOMAIN = 'S-1-5-21-100-200-300';
const MEMBER = 'bf9679c0-0de6-11d0-a285-00aa003049e2';
const WP = 0x20;
const RP = 0x10;
const b64 = (b: Buffer) => b.toString('base64');
const guidOf = (n: number) => Buffer.alloc(16, n);
const guidText = (n: number) => {
  const h = guidOf(n).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const allowMember = (rid: number, mask = WP) =>
  b64(descriptor(acl([{ type: 'allow', sid: `${DOMAIN}-${rid}`, mask, objectType: MEMBER }])));

const principal = (dn: string, n: number, rid: number, kind: 'user' | 'group', extra = '') =>
  `dn: ${dn}\nobjectClass: ${kind}\nobjectGUID:: ${b64(guidOf(n))}\nobjectSid:: ${b64(sid(`${DOMAIN}-${rid}`))}\n` +
  `sAMAccountName: ${kind}${n}\n${kind === 'group' ? 'groupType: -2147483646\n' : ''}${extra}`;

const MIA = 'CN=Mia Manager,OU=OT,DC=corp,DC=example';
const NILS = 'CN=Nils Noright,OU=OT,DC=corp,DC=example';
const ldif = [
  principal(MIA, 1, 1101, 'user'),
  principal(NILS, 2, 1102, 'user'),
  principal('CN=G1,OU=OT,DC=corp,DC=example', 11, 1201, 'group', `managedBy: ${MIA}\nnTSecurityDescriptor:: ${allowMember(1101)}\n`),
  // Only read property on member: the box is not ticked.
  principal('CN=G2,OU=OT,DC=corp,DC=example', 12, 1202, 'group', `managedBy: ${NILS}\nnTSecurityDescriptor:: ${allowMember(1102, RP)}\n`),
  // A manager outside the export: nothing to check against, no owner.
  principal(
    'CN=G3,OU=OT,DC=corp,DC=example',
    13,
    1203,
    'group',
    `managedBy: CN=Someone,OU=Elsewhere,DC=other,DC=example\nnTSecurityDescriptor:: ${allowMember(1999)}\n`,
  ),
  // The manager's DN written with other case, spacing and a hex escape (RFC 4514): still Mia.
  principal(
    'CN=G4,OU=OT,DC=corp,DC=example',
    14,
    1204,
    'group',
    `managedBy: cn=mia\\20manager, ou=ot, dc=CORP, dc=example\nnTSecurityDescriptor:: ${allowMember(1101)}\n`,
  ),
  // No security descriptor exported.
  principal('CN=G5,OU=OT,DC=corp,DC=example', 15, 1205, 'group', `managedBy: ${MIA}\n`),
  // A group as manager: the ACE names the group's SID; its members then hold G6 through it.
  principal(
    'CN=G6,OU=OT,DC=corp,DC=example',
    16,
    1206,
    'group',
    `managedBy: CN=G1,OU=OT,DC=corp,DC=example\nnTSecurityDescriptor:: ${allowMember(1201)}\n`,
  ),
].join('\n');

describe('managedBy from an LDIF export', () => {
  it('records the owners the security descriptors grant, and warns about the groups it could not check', async () => {
    const file = join(dir, 'managers.ldif');
    writeFileSync(file, ldif);
    const c = await importLdif({ id: 'corp', files: [file] });
    const owners = Object.fromEntries(c.groups.map((g) => [g.dn!.split(',')[0]!.slice(3), g.owners]));
    expect(owners).toEqual({
      G1: [guidText(1)],
      G2: undefined,
      G3: undefined,
      G4: [guidText(1)],
      G5: undefined,
      G6: [guidText(11)],
    });
    const unchecked = c.source.problems.filter((p) => p.code === 'ldap-manager-unchecked');
    expect(unchecked).toHaveLength(1);
    expect(unchecked[0]!.message).toContain('1 group(s)');
    expect(unchecked[0]!.message).toContain('CN=G5,OU=OT,DC=corp,DC=example');
    expect(c.source.complete).toBe(true);
  });

  it('makes the source incomplete when a security descriptor is damaged', async () => {
    const file = join(dir, 'damaged.ldif');
    const cut = descriptor(acl([{ type: 'allow', sid: `${DOMAIN}-1101`, mask: WP, objectType: MEMBER }])).subarray(0, 50);
    writeFileSync(
      file,
      [
        principal(MIA, 1, 1101, 'user'),
        principal('CN=G1,OU=OT,DC=corp,DC=example', 11, 1201, 'group', `managedBy: ${MIA}\nnTSecurityDescriptor:: ${b64(cut)}\n`),
      ].join('\n'),
    );
    const c = await importLdif({ id: 'corp', files: [file] });
    expect(c.source.complete).toBe(false);
    expect(c.source.problems.find((p) => p.code === 'ldap-security-descriptor')?.message).toContain('CN=G1,OU=OT,DC=corp,DC=example');
    expect(c.groups[0]!.owners).toBeUndefined();
  });
});
