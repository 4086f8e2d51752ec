import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serversAvailable } from '../helpers/ldap/availability.js';
import { SLAPD_BINARIES, startSlapd, type Slapd } from '../helpers/ldap/slapd.js';
import { collectLdap } from '../helpers/ldap/context.js';
import { run, freePort } from '../helpers/ldap/processes.js';
import type { SourceProblem } from '../../src/model/source.js';

const available = serversAvailable('LDAP fault tests', SLAPD_BINARIES);
const BULK = 300;
const SUFFIX = 'dc=example,dc=test';
const BULK_BASE = `ou=bulk,${SUFFIX}`;
const LIMITED_DN = `cn=limited-reader,${SUFFIX}`;

function usersLdif(n: number, base: string): string {
  const ou = /^ou=([^,]+)/.exec(base)![1];
  const head = `dn: ${base}\nobjectClass: organizationalUnit\nou: ${ou}\n`;
  const users = Array.from(
    { length: n },
    (_, i) => `dn: uid=u${i},${base}\nobjectClass: inetOrgPerson\nuid: u${i}\ncn: User ${i}\nsn: U${i}\n`,
  );
  return [head, ...users].join('\n');
}

const incomplete = (problems: SourceProblem[]) => problems.find((p) => p.level === 'incomplete');

describe.skipIf(!available)('LDAP server limits, referrals and faults', () => {
  let slapd: Slapd;

  beforeAll(async () => {
    slapd = await startSlapd({
      ldif: [
        usersLdif(BULK, BULK_BASE),
        `dn: ${LIMITED_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: limited-reader\nuserPassword: limited-secret\n`,
        // A subtree held by another server: slapd answers searches over it with a continuation reference.
        `dn: ou=substation,${SUFFIX}\nobjectClass: referral\nobjectClass: extensibleObject\nou: substation\nref: ldap://127.0.0.1:1/ou=substation,${SUFFIX}\n`,
      ],
      // At most 50 entries per search or page for everyone; the limited reader may not page past 100 in total.
      limits: [
        `limits dn.exact="${LIMITED_DN}" size.soft=50 size.hard=50 size.pr=50 size.prtotal=100`,
        'limits users size.soft=50 size.hard=50 size.pr=50 size.prtotal=unlimited',
      ].join('\n'),
    });
  });

  afterAll(async () => {
    await slapd?.stop();
    slapd?.cleanup();
  });

  it('pages past the server size limit and gets every entry', async () => {
    // The limit is real: an unpaged search stops at 50 with "size limit exceeded" (exit code 4).
    await expect(
      run('ldapsearch', ['-LLL', '-x', '-H', slapd.url, '-D', slapd.readerDn, '-w', slapd.readerPw, '-b', BULK_BASE, '(uid=*)', 'dn']),
    ).rejects.toMatchObject({ code: 4 });
    const c = await collectLdap({ id: 'bulk', url: slapd.url, bindDn: slapd.readerDn, baseDns: [BULK_BASE], pageSize: 25 }, slapd.readerPw);
    expect(c.source.problems).toEqual([]);
    expect(c.source.complete).toBe(true);
    expect(c.accounts).toHaveLength(BULK);
    expect(new Set(c.accounts.map((a) => a.dn)).size).toBe(BULK);
  });

  it('is incomplete when the server limit cuts a paged search short', async () => {
    const c = await collectLdap({ id: 'bulk', url: slapd.url, bindDn: LIMITED_DN, baseDns: [BULK_BASE], pageSize: 25 }, 'limited-secret');
    expect(c.source.complete).toBe(false);
    expect(c.accounts.length).toBeLessThan(BULK);
    const p = incomplete(c.source.problems)!;
    expect(p.code).toBe('ldap-size-limit');
    expect(p.message).toContain(slapd.url);
    expect(p.message).toContain(BULK_BASE);
    expect(p.message).toMatch(/this source is incomplete/);
  });

  it('is incomplete when the page size exceeds what the server allows', async () => {
    const c = await collectLdap(
      { id: 'bulk', url: slapd.url, bindDn: slapd.readerDn, baseDns: [BULK_BASE], pageSize: 1000 },
      slapd.readerPw,
    );
    expect(c.source.complete).toBe(false);
    expect(incomplete(c.source.problems)).toMatchObject({ code: 'ldap-admin-limit' });
    expect(incomplete(c.source.problems)!.message).toContain('pageSize');
  });

  it('is incomplete when the server refers part of the tree to another server', async () => {
    const c = await collectLdap({ id: 'whole', url: slapd.url, bindDn: slapd.readerDn, pageSize: 25 }, slapd.readerPw);
    expect(c.source.complete).toBe(false);
    expect(c.accounts).toHaveLength(BULK);
    const p = incomplete(c.source.problems)!;
    expect(p.code).toBe('ldap-referral');
    expect(p.message).toContain(`ldap://127.0.0.1:1/ou=substation,${SUFFIX}`);
  });

  it('only warns about a referral to a subtree configured as collected elsewhere', async () => {
    const c = await collectLdap(
      { id: 'whole', url: slapd.url, bindDn: slapd.readerDn, pageSize: 25, coveredElsewhere: [`OU=Substation, ${SUFFIX.toUpperCase()}`] },
      slapd.readerPw,
    );
    expect(c.source.complete).toBe(true);
    expect(c.source.problems).toEqual([expect.objectContaining({ level: 'warning', code: 'ldap-referral-covered' })]);
  });

  it('is incomplete after the configured retries when the host cannot be reached', async () => {
    const c = await collectLdap({ id: 'gone', url: 'ldap://127.0.0.9:1', bindDn: slapd.readerDn, retryDelayMs: 50 }, slapd.readerPw);
    expect(c.source.complete).toBe(false);
    expect(c.source.stats?.retries).toBe(2);
    const p = incomplete(c.source.problems)!;
    expect(p.code).toBe('ldap-unreachable');
    expect(p.message).toContain('ldap://127.0.0.9:1');
    expect(p.message).toMatch(/ECONNREFUSED/);
  });

  it('fails over to the next URL of the same directory', async () => {
    const c = await collectLdap(
      { id: 'bulk', urls: ['ldap://127.0.0.9:1', slapd.url], bindDn: slapd.readerDn, baseDns: [BULK_BASE], pageSize: 25 },
      slapd.readerPw,
    );
    expect(c.source.complete).toBe(true);
    expect(c.source.origin.endpoint).toBe(slapd.url);
  });

  describe('a server that accepts connections but never answers', () => {
    let silent: Server;
    let port: number;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      port = await freePort();
      silent = createServer((s) => sockets.push(s));
      await new Promise<void>((r) => silent.listen(port, '127.0.0.1', r));
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    });

    it('is incomplete when the configured operation timeout runs out', async () => {
      const c = await collectLdap(
        {
          id: 'silent',
          url: `ldap://127.0.0.1:${port}`,
          bindDn: slapd.readerDn,
          timeouts: { operationMs: 300 },
          retries: 1,
          retryDelayMs: 10,
        },
        slapd.readerPw,
      );
      expect(c.source.complete).toBe(false);
      // The message names the limit that ran out, so the configured value (not a default) governed.
      expect(incomplete(c.source.problems)).toMatchObject({ code: 'ldap-timeout', message: expect.stringContaining('300 ms') });
    });
  });
});

describe.skipIf(!available)('a server stopped in the middle of a paged search', () => {
  let slapd: Slapd;
  beforeAll(async () => {
    slapd = await startSlapd({ ldif: [usersLdif(2000, BULK_BASE)] });
  });
  afterAll(async () => {
    await slapd?.stop();
    slapd?.cleanup();
  });

  it('returns an incomplete source with the entries read so far and says the connection was lost', async () => {
    let killed: Promise<void> | undefined;
    const c = await collectLdap(
      { id: 'bulk', url: slapd.url, bindDn: slapd.readerDn, pageSize: 10, retries: 2, retryDelayMs: 50 },
      slapd.readerPw,
      // Killed once the first page has arrived (progress also reports the start of the read, with 0 entries).
      { progress: (_m, d) => void ((d?.count ?? 0) > 0 && (killed ??= slapd.kill())) },
    );
    await killed;
    expect(c.source.complete).toBe(false);
    expect(c.accounts.length).toBeGreaterThan(0);
    expect(c.accounts.length).toBeLessThan(2000);
    const p = incomplete(c.source.problems)!;
    expect(p.message).toContain(slapd.url);
    expect(p.message).toContain('ldap-connection-lost');
    expect(c.source.stats?.retries).toBe(2);
  });
});

describe('configuration errors', () => {
  it('throws an InputError naming an unreadable tls.caFile instead of reporting a collection gap', async () => {
    await expect(
      collectLdap({ id: 'x', url: 'ldaps://127.0.0.9:1', bindDn: 'cn=r', tls: { caFile: '/nonexistent/ca.pem' } }, 'pw'),
    ).rejects.toMatchObject({ name: 'InputError', where: { file: '/nonexistent/ca.pem' } });
  });

  it('throws an InputError when the password variable is not set', async () => {
    const { LdapSourceConfig } = await import('../../src/connectors/ldap/ldap-config.js');
    const { ldapConnector } = await import('../../src/connectors/ldap/ldap-connector.js');
    const { testContext } = await import('../helpers/ldap/context.js');
    const config = LdapSourceConfig.parse({
      id: 'x',
      kind: 'ldap',
      url: 'ldap://127.0.0.9:1',
      bindDn: 'cn=r',
      password: { env: 'UNSET_DEMARC_PW' },
    });
    await expect(ldapConnector.collect(config, testContext())).rejects.toMatchObject({ name: 'InputError' });
  });
});
