import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, IT, loadTenants } from './fixtures.js';
import { pkiFile, startGraphEmulator, type GraphEmulator } from './server.js';

const agent = new Agent({ ca: readFileSync(pkiFile('ca.pem')) });

function call(
  url: string,
  method = 'GET',
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('Graph emulator protocol behaviour', () => {
  let emu: GraphEmulator;
  let token: string;
  const form = (f: Record<string, string>) => new URLSearchParams(f).toString();
  const graph = (path: string, method = 'GET', body?: string) =>
    call(`${emu.url}/v1.0${path}`, method, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body);

  beforeAll(async () => {
    emu = await startGraphEmulator({ tenants: loadTenants(), delta: { objects: 2, links: 700 } });
    const r = await call(
      `${emu.url}/${IT}/oauth2/v2.0/token`,
      'POST',
      { 'content-type': 'application/x-www-form-urlencoded' },
      form({
        grant_type: 'client_credentials',
        client_id: clients.it.clientId,
        client_secret: clients.it.secret,
        scope: `${emu.url}/.default`,
      }),
    );
    expect(r.status).toBe(200);
    token = r.json.access_token;
  });
  afterAll(() => emu.close());

  it('answers token errors the way Entra does', async () => {
    const scope = `${emu.url}/.default`;
    const post = (tenant: string, f: Record<string, string>) =>
      call(
        `${emu.url}/${tenant}/oauth2/v2.0/token`,
        'POST',
        { 'content-type': 'application/x-www-form-urlencoded' },
        form({ grant_type: 'client_credentials', scope, ...f }),
      );
    expect((await post('nowhere.example', { client_id: 'x', client_secret: 'y' })).json).toMatchObject({
      error: 'invalid_request',
      error_codes: [90002],
    });
    expect((await post(IT, { client_id: 'x', client_secret: 'y' })).json).toMatchObject({
      error: 'unauthorized_client',
      error_codes: [700016],
    });
    const wrong = await post(IT, { client_id: clients.it.clientId, client_secret: 'y' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error_codes).toEqual([7000215]);
  });

  it("refuses requests without a valid bearer token with Graph's error body", async () => {
    const r = await call(`${emu.url}/v1.0/users`);
    expect(r.status).toBe(401);
    expect(r.json.error).toMatchObject({ code: 'InvalidAuthenticationToken', innerError: { 'request-id': expect.any(String) } });
  });

  it('pages with $top and opaque skiptokens, and applies $select', async () => {
    const first = await graph('/users?$select=id,userPrincipalName&$top=999');
    expect(first.json.value).toHaveLength(999);
    expect(Object.keys(first.json.value[0]).sort()).toEqual(['id', 'userPrincipalName']);
    const next: string = first.json['@odata.nextLink'];
    expect(next).toMatch(/\$skiptoken=[A-Za-z0-9_-]{20,}/);
    expect(next).not.toMatch(/skiptoken=999/);
    const second = await call(next, 'GET', { authorization: `Bearer ${token}` });
    expect(second.json.value).toHaveLength(1206 - 999);
    expect(second.json['@odata.nextLink']).toBeUndefined();
    expect((await graph('/users')).json.value).toHaveLength(100);
  });

  it('rejects a page size over 999 and unknown properties in $select', async () => {
    expect((await graph('/users?$top=1000')).status).toBe(400);
    const bad = await graph('/users?$select=id,nonsense');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("'nonsense'");
  });

  it('names the missing permission in a 403', async () => {
    const r = await call(
      `${emu.url}/${IT}/oauth2/v2.0/token`,
      'POST',
      { 'content-type': 'application/x-www-form-urlencoded' },
      form({
        grant_type: 'client_credentials',
        client_id: clients.itLimited.clientId,
        client_secret: clients.itLimited.secret,
        scope: `${emu.url}/.default`,
      }),
    );
    const g = await call(`${emu.url}/v1.0/groups`, 'GET', { authorization: `Bearer ${r.json.access_token}` });
    expect(g.status).toBe(403);
    expect(g.json.error).toMatchObject({ code: 'Authorization_RequestDenied', message: expect.stringContaining('GroupMember.Read.All') });
  });

  it('serves $batch with at most 20 requests and inner Retry-After under fault mode', async () => {
    const reqs = (n: number) =>
      JSON.stringify({ requests: Array.from({ length: n }, (_, i) => ({ id: String(i), method: 'GET', url: '/organization' })) });
    expect((await graph('/$batch', 'POST', reqs(21))).status).toBe(400);
    emu.setFaults({ seed: 1, throttle: 0.5, retryAfterSec: 2, inBatch: true });
    let inner: any[] = [];
    for (let i = 0; i < 10 && !inner.some((r) => r.status === 429); i++) {
      const b = await graph('/$batch', 'POST', reqs(20));
      if (b.status === 200) inner = b.json.responses;
    }
    emu.setFaults(undefined);
    const throttled = inner.find((r) => r.status === 429);
    expect(throttled.headers['Retry-After']).toBe('2');
    expect(inner.some((r) => r.status === 200 && r.body.value[0].id === IT)).toBe(true);
  });

  it("spreads a large group's members@delta over pages under the same id, ending with a delta link", async () => {
    let url = `${emu.url}/v1.0/groups/delta?$select=id,displayName,members`;
    const seen = new Map<string, number>();
    const appearances = new Map<string, number>();
    let pages = 0;
    let deltaLink: string | undefined;
    while (url) {
      const r = await call(url, 'GET', { authorization: `Bearer ${token}` });
      pages++;
      for (const g of r.json.value) {
        seen.set(g.id, (seen.get(g.id) ?? 0) + g['members@delta'].length);
        appearances.set(g.id, (appearances.get(g.id) ?? 0) + 1);
      }
      url = r.json['@odata.nextLink'];
      deltaLink = r.json['@odata.deltaLink'];
    }
    expect(pages).toBe(3);
    expect(appearances.get('20000000-0000-4000-8000-000000000002')).toBe(2);
    expect(seen.get('20000000-0000-4000-8000-000000000002')).toBe(1204);
    const again = await call(deltaLink!, 'GET', { authorization: `Bearer ${token}` });
    expect(again.json.value).toEqual([]);
    emu.expireDeltaLinks();
    const expired = await call(deltaLink!, 'GET', { authorization: `Bearer ${token}` });
    expect(expired.json.error.code).toBe('syncStateNotFound');
  });

  it('is read-only', async () => {
    expect((await graph('/users', 'POST', '{}')).status).toBe(405);
  });
});
