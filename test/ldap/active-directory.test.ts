import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serversAvailable } from '../helpers/ldap/availability.js';
import { SAMBA_BINARIES, startSambaEstate, type SambaEstate } from '../helpers/ldap/samba.js';
import { collectLdap, comparable, importLdif } from '../helpers/ldap/context.js';
import { ldapsearchExport } from '../helpers/ldap/export.js';
import { AD_ATTRIBUTES, AD_EXPORT_ATTRIBUTES, AD_FILTER } from '../../src/connectors/ldap/normalize/normalize-ad.js';
import { CollectedSource } from '../../src/model/collected.js';

const available = serversAvailable('Samba AD tests', SAMBA_BINARIES);
const BIG = 1600;

/**
 * A group of more than 1,500 members: AD returns such a `member` attribute in ranges. The members are
 * contacts, which Samba creates several times faster than users (no RID, no password state).
 */
function bigGroupLdif(): string {
  const users = Array.from({ length: BIG }, (_, i) => {
    const n = String(i).padStart(4, '0');
    return `dn: CN=plant-${n},OU=Plant,DC=alpha,DC=test\nobjectClass: contact\n`;
  });
  const members = users.map((_, i) => `member: CN=plant-${String(i).padStart(4, '0')},OU=Plant,DC=alpha,DC=test`);
  return [
    '# --- stage ---',
    'dn: OU=Plant,DC=alpha,DC=test\nobjectClass: organizationalUnit\nou: Plant\n',
    ...users,
    `dn: CN=Plant Floor,OU=Plant,DC=alpha,DC=test\nobjectClass: group\nsAMAccountName: plant-floor\ngroupType: -2147483646\n${members.join('\n')}\n`,
  ].join('\n');
}

describe.skipIf(!available)('Active Directory (two Samba forests)', () => {
  let estate: SambaEstate;
  let alpha: CollectedSource;
  let beta: CollectedSource;
  let alphaStats = { requests: 0 };

  beforeAll(async () => {
    estate = await startSambaEstate({ alpha: 'fixtures/ldap/ad-alpha.ldif', beta: 'fixtures/ldap/ad-beta.ldif', extra: bigGroupLdif });
    const { alpha: a, beta: b } = estate.forests;
    // A plain domain user with no delegated rights, small pages and explicit small ranges.
    alpha = await collectLdap({ id: 'alpha-ad', url: a.url, bindDn: a.readerDn, pageSize: 20, memberRangeSize: 500 }, a.readerPw);
    alphaStats = { requests: alpha.source.stats?.requests ?? 0 };
    beta = await collectLdap({ id: 'beta-ad', url: b.url, bindDn: `demarc-reader@${b.realm.toLowerCase()}`, retryDelayMs: 10 }, b.readerPw);
  }, 240_000);

  afterAll(async () => {
    await estate?.stop();
  });

  const account = (c: CollectedSource, sam: string) => {
    const a = c.accounts.find((x) => x.samAccountName === sam);
    expect(a, sam).toBeDefined();
    return a!;
  };
  const group = (c: CollectedSource, name: string) => {
    const g = c.groups.find((x) => x.name === name);
    expect(g, name).toBeDefined();
    return g!;
  };

  it('detects Active Directory, reads the domain SID and is complete', () => {
    expect(alpha.source.problems).toEqual([]);
    expect(alpha.source.complete).toBe(true);
    expect(alpha.source.flavor).toBe('active-directory');
    expect(alpha.source.origin.domainSid).toMatch(/^S-1-5-21-\d+-\d+-\d+$/);
    expect(alpha.source.origin.domainName).toBe('alpha.test');
    expect(alpha.source.origin.baseDns).toEqual(['DC=alpha,DC=test']);
    expect(beta.source.complete).toBe(true);
    expect(() => CollectedSource.parse(alpha)).not.toThrow();
    expect(() => CollectedSource.parse(beta)).not.toThrow();
  });

  it('decodes objectGUID and objectSid and maps the identity attributes', () => {
    const olga = account(alpha, 'olga');
    expect(olga.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(olga.sid!.startsWith(`${alpha.source.origin.domainSid}-`)).toBe(true);
    expect(olga).toMatchObject({
      type: 'user',
      name: 'Olga Operator',
      dn: 'CN=Olga Operator,OU=OT,DC=alpha,DC=test',
      upn: 'olga@alpha.test',
      mail: 'olga.operator@alpha.test',
      employeeId: 'E2001',
      enabled: true,
      expiresAt: null,
      primaryGroupId: 513,
    });
    expect(Date.parse(olga.createdAt!)).toBeGreaterThan(Date.parse('2020-01-01'));
    expect(new Set(alpha.accounts.map((a) => a.id)).size).toBe(alpha.accounts.length);
  });

  it('marks disabled accounts (userAccountControl 0x2) and reads accountExpires', () => {
    expect(account(alpha, 'dan').enabled).toBe(false);
    expect(account(alpha, 'eve')).toMatchObject({ enabled: true, expiresAt: '2012-12-14T23:06:40.000Z' });
    expect(account(alpha, 'fay').expiresAt).toBe('2044-08-23T00:53:20.000Z');
    expect(account(alpha, 'pat').expiresAt).toBeNull();
  });

  it('classifies service accounts and computers', () => {
    expect(account(alpha, 'svc-scada').type).toBe('service');
    expect(account(alpha, 'HMI01$').type).toBe('computer');
  });

  it('records the primary group by RID, which is not in member', () => {
    const pat = account(alpha, 'pat');
    const primary = group(alpha, 'OT Primary');
    expect(primary.sid).toBe(`${alpha.source.origin.domainSid}-${pat.primaryGroupId}`);
    expect(primary.members).not.toContain(pat.dn);
  });

  it('reads trusts (trustedDomain) as a plain domain user', () => {
    expect(alpha.links).toEqual([
      expect.objectContaining({
        source: 'alpha-ad',
        kind: 'ad-trust',
        partner: 'beta.test',
        direction: 'bidirectional',
        attributes: expect.objectContaining({ flatName: 'BETA', securityIdentifier: estate.forests.beta.domainSid }),
      }),
    ]);
    expect(beta.source.origin.domainSid).toBe(estate.forests.beta.domainSid);
  });

  it('keeps nested memberships with a cycle as DNs', () => {
    const scada = group(alpha, 'SCADA Admins');
    const ops = group(alpha, 'OT Ops');
    expect(scada.members).toEqual(
      expect.arrayContaining([
        'CN=OT Ops,OU=OT,DC=alpha,DC=test',
        'CN=Olga Operator,OU=OT,DC=alpha,DC=test',
        'CN=HMI01,OU=OT,DC=alpha,DC=test',
      ]),
    );
    expect(ops.members).toContain('CN=SCADA Admins,OU=OT,DC=alpha,DC=test');
    expect(scada.groupKind).toBe('security');
    expect(scada.attributes).toMatchObject({ samAccountName: 'scada-admins' });
  });

  it('reads distribution groups as distribution (groupType without 0x80000000)', () => {
    expect(group(alpha, 'OT Newsletter').groupKind).toBe('distribution');
  });

  it('names a member from the other forest by a foreignSecurityPrincipal whose SID is the account in that forest', () => {
    const bruno = account(beta, 'bruno');
    const fsp = alpha.foreign.find((f) => f.sid === bruno.sid);
    expect(fsp).toBeDefined();
    expect(fsp!.id).toBe(`CN=${bruno.sid},CN=ForeignSecurityPrincipals,DC=alpha,DC=test`);
    expect(group(alpha, 'OT Ops').members.map((m) => m.toLowerCase())).toContain(fsp!.id.toLowerCase());
  });

  it('reads every member of a group larger than 1,500 through explicit ranges', () => {
    const floor = group(alpha, 'Plant Floor');
    expect(floor.members).toHaveLength(BIG);
    const expected = Array.from({ length: BIG }, (_, i) => `CN=plant-${String(i).padStart(4, '0')},OU=Plant,DC=alpha,DC=test`);
    expect(floor.members).toEqual(expected);
    // The rootDSE, at least three pages of 20 (the domain holds some 60 principals), three more ranges of 500.
    expect(alpha.accounts.length + alpha.groups.length).toBeGreaterThan(40);
    expect(alphaStats.requests).toBeGreaterThanOrEqual(1 + 3 + 3);
  });

  it('gives the same records from an ldapsearch LDIF export as from live collection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demarc-ad-export-'));
    try {
      const a = estate.forests.alpha;
      const file = join(dir, 'alpha.ldif');
      await ldapsearchExport({
        url: a.url,
        bindDn: a.readerDn,
        password: a.readerPw,
        base: a.baseDn,
        filter: AD_FILTER,
        attributes: AD_EXPORT_ATTRIBUTES,
        daclOnly: true,
        file,
      });
      const offline = await importLdif({ id: 'alpha-ldif', files: [file] });
      expect(offline.source.problems).toEqual([]);
      expect(offline.source.complete).toBe(true);
      expect(offline.source.flavor).toBe('active-directory');
      expect(offline.source.origin.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(comparable(offline)).toEqual(comparable(alpha));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // managedBy ([MS-ADA2] 2.8) makes the manager an owner only with "Manager can update membership list":
  // an allow ACE, WP on member (schemaIDGUID bf9679c0-0de6-11d0-a285-00aa003049e2, [MS-ADA2] 2.43), set in
  // fixtures/ldap/ad-alpha.ldif with samba-tool dsacl set. The reader sees the DACL through the SD flags
  // control (LDAP_SERVER_SD_FLAGS_OID, [MS-ADTS] 3.1.1.3.4.1.11) without any privilege.
  it('makes a manager with the membership-update right an owner of the group, and no other manager', () => {
    expect(group(alpha, 'OT Field Techs').owners).toEqual([account(alpha, 'mia').id]);
    // The box not ticked: managedBy alone is informational.
    expect(group(alpha, 'OT Vendors').owners).toBeUndefined();
    // An explicit deny of the same right before the allow ([MS-DTYP] 2.5.3.2: evaluated in order).
    expect(group(alpha, 'OT Contractors').owners).toBeUndefined();
    expect(alpha.source.problems.map((p) => p.code)).not.toContain('ldap-manager-unchecked');
  });

  it('warns, and records no owner, when an export holds managedBy without the security descriptors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demarc-ad-export-'));
    try {
      const a = estate.forests.alpha;
      const file = join(dir, 'alpha-no-sd.ldif');
      await ldapsearchExport({
        url: a.url,
        bindDn: a.readerDn,
        password: a.readerPw,
        base: a.baseDn,
        filter: AD_FILTER,
        attributes: AD_ATTRIBUTES,
        file,
      });
      const offline = await importLdif({ id: 'alpha-ldif', files: [file] });
      expect(offline.groups.filter((g) => g.owners?.length)).toEqual([]);
      const warning = offline.source.problems.find((p) => p.code === 'ldap-manager-unchecked');
      expect(warning?.level).toBe('warning');
      expect(warning?.message).toContain('3 group(s)');
      expect(warning?.message).toContain('CN=OT Field Techs,OU=OT,DC=alpha,DC=test');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
