import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { collectLdap } from '../helpers/ldap/context.js';
import { MAX_RETRY_DELAY_MS, retryDelay } from '../../src/connectors/ldap/retry-delay.js';
import type { SourceProblem } from '../../src/model/source.js';

/*
 * The timeouts and retries of an `ldap` source govern how long a dead or silent server can hold a run.
 * Servers here are plain TCP listeners in this process, so the test needs no directory installed:
 * - one that accepts and never answers: a bind (RFC 4511 section 4.2) gets no BindResponse, so the
 *   operation timeout must end it;
 * - the same behind ldaps://: the TLS handshake (RFC 8446 section 4) never completes, so the connect
 *   timeout must end it, before anything (the password) is sent;
 * - one that closes each connection as soon as the bind arrives: a server dying mid-exchange.
 * The assertions are on outcomes (codes, attempts counted by the server), never on elapsed time.
 */

interface FakeServer {
  url: string;
  connections: number;
  close(): Promise<void>;
}

const servers: FakeServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function fakeServer(scheme: 'ldap' | 'ldaps', behaviour: 'silent' | 'close-on-request'): Promise<FakeServer> {
  const sockets: Socket[] = [];
  const state = { connections: 0 };
  const server: Server = createServer((s) => {
    state.connections++;
    sockets.push(s);
    s.on('error', () => {});
    if (behaviour === 'close-on-request') s.once('data', () => s.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const fake: FakeServer = {
    url: `${scheme}://127.0.0.1:${port}`,
    get connections() {
      return state.connections;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  servers.push(fake);
  return fake;
}

const incomplete = (problems: SourceProblem[]): SourceProblem[] => problems.filter((p) => p.level === 'incomplete');

describe('timeouts of an ldap source', () => {
  it('timeouts.operationMs ends a bind the server never answers; retries: 0 means one connection', async () => {
    const server = await fakeServer('ldap', 'silent');
    const c = await collectLdap(
      { id: 'silent', url: server.url, bindDn: 'cn=reader', timeouts: { operationMs: 250 }, retries: 0, retryDelayMs: 10 },
      'pw',
    );
    expect(c.source.complete).toBe(false);
    const [p] = incomplete(c.source.problems);
    expect(p).toMatchObject({ code: 'ldap-timeout' });
    expect(p!.message).toContain(server.url);
    expect(p!.message).toContain('no answer within 250 ms (timeouts.operationMs)');
    expect(server.connections).toBe(1);
    expect(c.source.stats?.retries).toBe(0);
  });

  it('timeouts.connectMs ends a TLS handshake that never completes; each retry is a new connection', async () => {
    const server = await fakeServer('ldaps', 'silent');
    const c = await collectLdap(
      { id: 'silent-tls', url: server.url, bindDn: 'cn=reader', timeouts: { connectMs: 200 }, retries: 2, retryDelayMs: 10 },
      'pw',
    );
    expect(c.source.complete).toBe(false);
    const [p] = incomplete(c.source.problems);
    expect(p).toMatchObject({ code: 'ldap-unreachable' });
    expect(p!.message).toContain('no TLS handshake within 200 ms, timeouts.connectMs');
    expect(p!.message).toContain('tried 3 times');
    expect(server.connections).toBe(3);
    expect(c.source.stats?.retries).toBe(2);
  });

  it('a server that drops the connection at the first request: retried exactly `retries` times, then incomplete', async () => {
    const server = await fakeServer('ldap', 'close-on-request');
    const c = await collectLdap({ id: 'dying', url: server.url, bindDn: 'cn=reader', retries: 1, retryDelayMs: 10 }, 'pw');
    expect(c.source.complete).toBe(false);
    expect(incomplete(c.source.problems).map((p) => p.code)).toEqual(['ldap-connection-lost']);
    expect(server.connections).toBe(2);
  });

  it('replicas are each tried once per attempt, in order', async () => {
    const first = await fakeServer('ldap', 'close-on-request');
    const second = await fakeServer('ldap', 'silent');
    const c = await collectLdap(
      { id: 'pair', urls: [first.url, second.url], bindDn: 'cn=reader', timeouts: { operationMs: 200 }, retries: 1, retryDelayMs: 10 },
      'pw',
    );
    expect(c.source.complete).toBe(false);
    expect(incomplete(c.source.problems).map((p) => p.code)).toEqual(['ldap-timeout']);
    expect([first.connections, second.connections]).toEqual([2, 2]);
  });
});

describe('backoff between retries', () => {
  it('doubles from retryDelayMs and stops growing at the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(10, 1000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelay(3, 0)).toBe(0);
  });
});
