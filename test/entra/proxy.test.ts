import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntraSourceConfig } from '../../src/connectors/entra/config.js';
import { startConnectProxy, type TestProxy } from '../graph-emulator/connect-proxy.js';
import { clients, IT, loadTenants } from '../graph-emulator/fixtures.js';
import { startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';
import { collect, customCloudConfig, testContext } from './harness.js';

describe('an outbound HTTP proxy (CONNECT tunnel)', () => {
  let emu: GraphEmulator;
  let proxy: TestProxy;
  beforeAll(async () => {
    emu = await startGraphEmulator({ tenants: loadTenants() });
    proxy = await startConnectProxy({ username: 'collector', password: 'proxy-pass' });
  });
  afterAll(async () => {
    await proxy.close();
    await emu.close();
  });

  const config = (password: string) => ({
    cfg: customCloudConfig(emu, {
      id: 'it-entra',
      tenantId: IT,
      clientId: clients.it.clientId,
      clientSecret: { env: 'S' },
      proxy: { url: proxy.url, username: 'collector', password: { env: 'P' } },
    }),
    ctx: testContext({ S: clients.it.secret, P: password }),
  });

  it('carries the token request and every Graph request, with TLS verified end to end', async () => {
    const { cfg, ctx } = config('proxy-pass');
    const out = await collect(cfg, ctx);
    expect(out.source.complete, JSON.stringify(out.source.problems)).toBe(true);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(emu.url).host]));
  });

  it('reports a proxy that refuses the credentials, without the password', async () => {
    const { cfg, ctx } = config('wrong-pass');
    const out = await collect(cfg, ctx);
    expect(out.source.complete).toBe(false);
    expect(out.source.problems[0]!.message).toMatch(/refused the tunnel .* HTTP 407/);
    expect(JSON.stringify(out)).not.toContain('wrong-pass');
  });

  it('rejects credentials written into the proxy URL', () => {
    const r = EntraSourceConfig.safeParse({
      id: 'x',
      kind: 'entra',
      tenantId: '3f1e0c2a-7d4b-4a5b-9c1d-5e8f00000001',
      clientId: 'c',
      clientSecret: { env: 'S' },
      proxy: { url: 'http://u:p@proxy.example:3128' },
    });
    expect(r.success).toBe(false);
  });
});
