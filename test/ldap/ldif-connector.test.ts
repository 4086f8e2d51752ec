import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importLdif } from '../helpers/ldap/context.js';
import { CollectedSource } from '../../src/model/collected.js';
import { sha256 } from '../../src/util/files.js';
import { SourceConfig } from '../../src/connectors/registry.js';

const LDIFDE = 'fixtures/ldap/ldifde-corp.ldf';
const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330';
const dir = mkdtempSync(join(tmpdir(), 'demarc-ldif-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ldif connector: an ldifde export of Active Directory', async () => {
  const c = await importLdif({ id: 'corp-ad', files: [LDIFDE] });

  it('is a valid, complete collected source with the file and its SHA-256', () => {
    expect(() => CollectedSource.parse(c)).not.toThrow();
    expect(c.source).toMatchObject({
      id: 'corp-ad',
      kind: 'ldif',
      flavor: 'active-directory',
      complete: true,
      problems: [],
      origin: { file: LDIFDE, sha256: sha256(readFileSync(LDIFDE)), domainSid: DOMAIN, domainName: 'corp.example' },
      counts: { accounts: 3, groups: 2, foreign: 1, links: 1 },
    });
  });

  it('normalises accounts: GUID ids, SIDs, flags, FILETIMEs, primary group', () => {
    const ingrid = c.accounts.find((a) => a.samAccountName === 'ingrid')!;
    expect(ingrid).toMatchObject({
      id: '11111111-2222-4333-8444-555555555555',
      sid: `${DOMAIN}-1105`,
      type: 'user',
      enabled: true,
      expiresAt: null,
      employeeId: '40017',
      passwordLastSetAt: '2024-01-17T21:20:00.000Z',
      lastLogonAt: '2024-01-29T11:06:40.000Z',
      createdAt: '2023-01-05T09:30:00.000Z',
      primaryGroupId: 513,
    });
    expect(c.accounts.find((a) => a.samAccountName === 'oldcontractor')).toMatchObject({
      enabled: false,
      expiresAt: '2022-06-18T04:26:40.000Z',
    });
    expect(c.accounts.find((a) => a.samAccountName === 'HIST01$')).toMatchObject({ type: 'computer', primaryGroupId: 515 });
  });

  it('unfolds member values and keeps foreign members and distribution groups', () => {
    const ems = c.groups.find((g) => g.name === 'EMS Operators')!;
    const fsp = `CN=S-1-5-21-2222222222-3333333333-3444444444-1201,CN=ForeignSecurityPrincipals,DC=corp,DC=example`;
    expect(ems.members).toEqual(['CN=Ingrid Engineer,OU=Substation Engineers,OU=OT,DC=corp,DC=example', fsp]);
    expect(ems).toMatchObject({ groupKind: 'security', sid: `${DOMAIN}-1201`, description: 'Energy management system operators' });
    expect(c.groups.find((g) => g.name === 'OT Announcements')!.groupKind).toBe('distribution');
    expect(c.foreign).toEqual([
      {
        source: 'corp-ad',
        id: fsp,
        sid: 'S-1-5-21-2222222222-3333333333-3444444444-1201',
        name: 'S-1-5-21-2222222222-3333333333-3444444444-1201',
      },
    ]);
  });

  it('turns trustedDomain objects into ad-trust links', () => {
    expect(c.links).toEqual([
      {
        source: 'corp-ad',
        id: '66666666-2222-4333-8444-555555555555',
        kind: 'ad-trust',
        partner: 'it.example',
        direction: 'outbound',
        attributes: {
          flatName: 'IT',
          trustType: '2',
          trustAttributes: '8',
          trustDirection: '2',
          securityIdentifier: 'S-1-5-21-2222222222-3333333333-3444444444',
        },
      },
    ]);
  });
});

describe('ldif connector: fail closed on partial exports', () => {
  it('is incomplete when a large group was exported with only its first member range', async () => {
    const file = join(dir, 'ranged.ldif');
    writeFileSync(
      file,
      'dn: CN=Big,DC=corp,DC=example\nobjectClass: group\nobjectGUID:: MzMzMyIiM0OERFVVVVVVVQ==\ngroupType: -2147483646\nmember;range=0-1499: CN=a,DC=corp,DC=example\n',
    );
    const c = await importLdif({ id: 'x', files: [file] });
    expect(c.source.complete).toBe(false);
    expect(c.source.problems[0]).toMatchObject({ level: 'incomplete', code: 'ldif-member-range' });
    expect(c.source.problems[0]!.message).toContain('CN=Big,DC=corp,DC=example');
  });

  it('is incomplete when the export holds references to other directories, not for AD partitions', async () => {
    const file = join(dir, 'refs.ldif');
    writeFileSync(
      file,
      'dn: uid=a,dc=x\nobjectClass: person\nuid: a\ncn: a\nsn: a\n\n# refldap://corp.example/CN=Configuration,DC=corp,DC=example\n\n# refldap://child.corp.example/DC=child,DC=corp,DC=example\n',
    );
    const c = await importLdif({ id: 'x', files: [file] });
    expect(c.source.complete).toBe(false);
    expect(c.source.problems).toHaveLength(1);
    expect(c.source.problems[0]!.message).toContain('DC=child,DC=corp,DC=example');
    expect(c.source.problems[0]!.message).not.toContain('CN=Configuration');
    const covered = await importLdif({ id: 'x', files: [file], coveredElsewhere: ['DC=child,DC=corp,DC=example'] });
    expect(covered.source.complete).toBe(true);
  });

  it('is incomplete when the file holds no entries', async () => {
    const file = join(dir, 'empty.ldif');
    writeFileSync(file, '# nothing\n');
    const c = await importLdif({ id: 'x', files: [file] });
    expect(c.source).toMatchObject({ complete: false, problems: [{ code: 'ldif-empty' }] });
  });

  it('throws an InputError naming a missing file', async () => {
    await expect(importLdif({ id: 'x', files: [join(dir, 'nope.ldif')] })).rejects.toMatchObject({
      name: 'InputError',
      where: { file: join(dir, 'nope.ldif') },
    });
  });

  it('hashes several files in configuration order', async () => {
    const a = join(dir, 'a.ldif');
    const b = join(dir, 'b.ldif');
    writeFileSync(a, 'dn: uid=a,dc=x\nobjectClass: person\nuid: a\ncn: a\nsn: a\n');
    writeFileSync(b, 'dn: uid=b,dc=x\nobjectClass: person\nuid: b\ncn: b\nsn: b\n');
    const c = await importLdif({ id: 'x', files: [a, b] });
    expect(c.accounts.map((x) => x.dn)).toEqual(['uid=a,dc=x', 'uid=b,dc=x']);
    expect(c.source.origin.sha256).toBe(sha256([sha256(readFileSync(a)), sha256(readFileSync(b))].join('\n')));
  });
});

describe('source configuration', () => {
  it('accepts ldap and ldif entries in sources:', () => {
    expect(
      SourceConfig.parse({
        id: 'it-ad',
        kind: 'ldap',
        url: 'ldaps://dc1.corp.example',
        bindDn: 'svc@corp.example',
        password: { env: 'AD_PW' },
      }),
    ).toMatchObject({
      kind: 'ldap',
      tls: { startTls: false, insecureSkipVerify: false },
      pageSize: 1000,
      flavor: 'auto',
    });
    expect(SourceConfig.parse({ id: 'ot-export', kind: 'ldif', files: ['ot.ldf'] })).toMatchObject({ flavor: 'auto' });
  });

  it('rejects a password given inline, both url and urls, and non-LDAP URLs', () => {
    const base = { id: 'x', kind: 'ldap', bindDn: 'cn=r', password: { env: 'P' } };
    expect(SourceConfig.safeParse({ ...base, url: 'ldap://h', password: 'secret' }).success).toBe(false);
    expect(SourceConfig.safeParse({ ...base, url: 'ldap://h', urls: ['ldap://h2'] }).success).toBe(false);
    expect(SourceConfig.safeParse({ ...base }).success).toBe(false);
    expect(SourceConfig.safeParse({ ...base, url: 'https://h' }).success).toBe(false);
  });
});

describe('ldif connector: overlapping exports', () => {
  it('reads an entry present in two files once', async () => {
    const a = join(dir, 'overlap-a.ldif');
    const b = join(dir, 'overlap-b.ldif');
    const alice = 'dn: uid=alice,ou=people,dc=x\nobjectClass: person\nuid: alice\ncn: Alice\nsn: A\n';
    writeFileSync(a, alice);
    writeFileSync(b, alice.replace('dn: uid=alice,ou=people,dc=x', 'dn: UID=alice,OU=people,DC=x'));
    const c = await importLdif({ id: 'x', files: [a, b] });
    expect(c.accounts).toHaveLength(1);
  });
});
