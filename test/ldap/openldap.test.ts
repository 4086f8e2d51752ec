import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serversAvailable } from '../helpers/ldap/availability.js';
import { SLAPD_BINARIES, selfSignedCert, startSlapd, type Slapd } from '../helpers/ldap/slapd.js';
import { collectLdap, comparable, importLdif } from '../helpers/ldap/context.js';
import { ldapsearchExport } from '../helpers/ldap/export.js';
import { loggedOperations } from '../helpers/ldap/slapd-log.js';
import { waitFor } from '../helpers/ldap/processes.js';
import { OPENLDAP_ATTRIBUTES, OPENLDAP_FILTER } from '../../src/connectors/ldap/normalize/normalize-openldap.js';
import { CollectedSource } from '../../src/model/collected.js';

const available = serversAvailable('OpenLDAP tests', [...SLAPD_BINARIES, 'openssl']);
const ESTATE = 'fixtures/ldap/openldap-estate.ldif';

describe.skipIf(!available)('OpenLDAP (slapd)', () => {
  let slapd: Slapd;
  let dir: string;
  let caFile: string;
  let live: CollectedSource;
  let collectionLog = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'demarc-openldap-test-'));
    const cert = await selfSignedCert(dir);
    caFile = cert.certFile;
    slapd = await startSlapd({ ldif: [readFileSync(ESTATE, 'utf8')], ppolicy: true, tls: cert });
    const before = slapd.log().length;
    live = await collectLdap({ id: 'corp-ldap', url: slapd.url, bindDn: slapd.readerDn, pageSize: 3 }, slapd.readerPw);
    // slapd writes the UNBIND line after the client has gone: wait for it.
    await waitFor('UNBIND in slapd log', () => Promise.resolve(slapd.log().slice(before).includes(' UNBIND')), 5000);
    collectionLog = slapd.log().slice(before);
  });

  afterAll(async () => {
    await slapd?.stop();
    slapd?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const account = (uid: string) => {
    const a = live.accounts.find((x) => x.samAccountName === uid);
    expect(a, uid).toBeDefined();
    return a!;
  };
  const group = (cn: string) => {
    const g = live.groups.find((x) => x.name === cn);
    expect(g, cn).toBeDefined();
    return g!;
  };
  const dn = (rdn: string) => `${rdn},dc=example,dc=test`;

  it('detects OpenLDAP, reads every naming context and is complete', () => {
    expect(live.source.problems).toEqual([]);
    expect(live.source.complete).toBe(true);
    expect(live.source.flavor).toBe('openldap');
    expect(live.source.origin).toMatchObject({ endpoint: slapd.url, baseDns: ['dc=example,dc=test'], tlsVerified: false });
    expect(live.accounts).toHaveLength(6);
    expect(live.groups).toHaveLength(5);
    expect(() => CollectedSource.parse(live)).not.toThrow();
  });

  it('maps users, ids and names (entryUUID, uid, UTF-8 names)', () => {
    expect(account('alice')).toMatchObject({
      type: 'user',
      name: 'Alice Archer',
      dn: dn('uid=alice,ou=people'),
      mail: 'alice.archer@example.test',
      employeeId: 'E1001',
      enabled: true,
      expiresAt: null,
    });
    expect(account('alice').id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(account('zoe').name).toBe('Zoë Müller');
    expect(account('svc-historian').type).toBe('service');
  });

  it('reads administrative locks and shadow expiry; a temporary lockout stays enabled', () => {
    expect(account('bob').enabled).toBe(false);
    expect(account('dave')).toMatchObject({ enabled: true, attributes: { pwdAccountLockedTime: '20240101000000Z' } });
    expect(account('carol').expiresAt).toBe('2022-01-08T00:00:00.000Z');
  });

  it('keeps nested groupOfNames with a cycle and strips uniqueMember identifiers', () => {
    expect(group('scada-admins').members).toEqual([dn('cn=ot-ops,ou=groups'), dn('uid=alice,ou=people')]);
    expect(group('ot-ops').members).toEqual([dn('cn=scada-admins,ou=groups'), dn('uid=bob,ou=people')]);
    expect(group('scada-admins').groupKind).toBe('security');
    expect(group('it-helpdesk').members).toEqual([dn('uid=carol,ou=people'), dn('uid=zoe,ou=people')]);
  });

  it('resolves posixGroup memberUid and gidNumber to account DNs, unknown names to foreign records', () => {
    const eng = group('ot-engineers');
    expect(eng.groupKind).toBe('posix');
    expect(eng.members).toEqual(
      [dn('uid=alice,ou=people'), dn('uid=dave,ou=people'), dn('uid=svc-historian,ou=services'), 'memberUid=ghost'].sort(),
    );
    expect(live.foreign).toEqual([{ source: 'corp-ldap', id: 'memberUid=ghost', name: 'ghost' }]);
    expect(group('it-unix').members).toEqual([dn('uid=carol,ou=people')]);
  });

  it('sends only bind, search and unbind (slapd stats log)', () => {
    const ops = loggedOperations(collectionLog);
    expect(ops.has('SRCH')).toBe(true);
    expect(ops.has('BIND')).toBe(true);
    expect(ops.has('UNBIND')).toBe(true);
    // RESULT and SEARCH (RESULT) are the server's answers.
    expect([...ops].filter((op) => !['BIND', 'SRCH', 'UNBIND', 'RESULT', 'SEARCH'].includes(op))).toEqual([]);
    // The rootDSE, then 11 entries in pages of 3: each page is a SRCH request.
    expect([...collectionLog.matchAll(/ SRCH base=/g)].length).toBe(1 + Math.ceil(11 / 3));
  });

  it('gives the same records from an ldapsearch LDIF export as from live collection', async () => {
    const file = join(dir, 'export.ldif');
    await ldapsearchExport({
      url: slapd.url,
      bindDn: slapd.readerDn,
      password: slapd.readerPw,
      base: slapd.suffix,
      filter: OPENLDAP_FILTER,
      attributes: OPENLDAP_ATTRIBUTES,
      file,
    });
    expect(readFileSync(file, 'utf8')).toContain('cn:: Wm/DqyBNw7xsbGVy');
    const offline = await importLdif({ id: 'corp-ldif', files: [file] });
    expect(offline.source).toMatchObject({ complete: true, flavor: 'openldap', origin: { file } });
    expect(comparable(offline)).toEqual(comparable(live));
  });

  it('verifies LDAPS certificates against tls.caFile', async () => {
    const c = await collectLdap({ id: 'tls', url: slapd.ldapsUrl, bindDn: slapd.readerDn, tls: { caFile } }, slapd.readerPw);
    expect(c.source.complete).toBe(true);
    expect(c.source.origin.tlsVerified).toBe(true);
    expect(c.accounts).toHaveLength(6);
  });

  it('upgrades with StartTLS and verifies the certificate', async () => {
    const c = await collectLdap(
      { id: 'starttls', url: slapd.url, bindDn: slapd.readerDn, tls: { caFile, startTls: true } },
      slapd.readerPw,
    );
    expect(c.source.problems).toEqual([]);
    expect(c.source.origin.tlsVerified).toBe(true);
  });

  it('fails closed, without retrying and without sending the password, on an untrusted certificate', async () => {
    const before = slapd.log().length;
    const c = await collectLdap({ id: 'tls', url: slapd.ldapsUrl, bindDn: slapd.readerDn, retryDelayMs: 10 }, slapd.readerPw);
    // An untrusted certificate will not become trusted on a second try: no retry is spent on it.
    expect(c.source.stats?.retries ?? 0).toBe(0);
    expect(c.source.complete).toBe(false);
    expect(c.accounts).toEqual([]);
    const p = c.source.problems.find((x) => x.level === 'incomplete')!;
    expect(p.code).toBe('ldap-tls-untrusted');
    expect(p.message).toContain(slapd.ldapsUrl!);
    expect(p.message).toContain('tls.caFile');
    expect(slapd.log().slice(before)).not.toContain('BIND dn=');
  });

  it('records a disabled certificate check as a warning and tlsVerified=false', async () => {
    const c = await collectLdap(
      { id: 'tls', url: slapd.ldapsUrl, bindDn: slapd.readerDn, tls: { insecureSkipVerify: true } },
      slapd.readerPw,
    );
    expect(c.source.complete).toBe(true);
    expect(c.source.origin.tlsVerified).toBe(false);
    expect(c.source.problems).toEqual([expect.objectContaining({ level: 'warning', code: 'ldap-tls-not-verified' })]);
  });

  it('fails closed on a wrong password after exactly one bind (no retry that could lock the account)', async () => {
    const before = slapd.log().length;
    const c = await collectLdap({ id: 'corp-ldap', url: slapd.url, bindDn: slapd.readerDn, retries: 3, retryDelayMs: 10 }, 'wrong');
    expect(c.source.complete).toBe(false);
    const p = c.source.problems[0]!;
    expect(p).toMatchObject({ level: 'incomplete', code: 'ldap-bind-rejected' });
    expect(p.message).toContain(slapd.url);
    expect(p.message).toContain(slapd.readerDn);
    expect(p.message).not.toContain('wrong');
    expect([
      ...slapd
        .log()
        .slice(before)
        .matchAll(/BIND dn=/g),
    ]).toHaveLength(1);
  });
});
