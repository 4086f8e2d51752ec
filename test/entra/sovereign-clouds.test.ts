import { Agent, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cloudEndpoints } from '../../src/connectors/entra/clouds.js';
import { EntraSourceConfig } from '../../src/connectors/entra/config.js';
import { createTokenProvider } from '../../src/connectors/entra/token-provider.js';

/** An agent that opens no connection: it records where msal tried to go and fails, so nothing leaves the machine. */
class RecordingAgent extends Agent {
  readonly hosts: string[] = [];
  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): undefined {
    this.hosts.push(String(options.host));
    callback?.(Object.assign(new Error('offline test'), { code: 'ECONNREFUSED' }), undefined as unknown as Duplex);
    return undefined;
  }
}

describe("national clouds: the token request goes to the cloud's own login host", () => {
  // msal sends 21Vianet requests to the preferred alias of login.chinacloudapi.cn.
  it.each([
    ['global', 'login.microsoftonline.com', ['login.microsoftonline.com']],
    ['usgov', 'login.microsoftonline.us', ['login.microsoftonline.us']],
    ['usgov-dod', 'login.microsoftonline.us', ['login.microsoftonline.us']],
    ['china', 'login.chinacloudapi.cn', ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']],
  ] as const)('%s signs in at %s', async (cloud, host, reached) => {
    const config = EntraSourceConfig.parse({
      id: 'x',
      kind: 'entra',
      cloud,
      tenantId: 'a1111111-1111-4111-8111-111111111111',
      clientId: 'c',
      clientSecret: { env: 'S' },
      requestTimeoutMs: 2000,
    });
    const agent = new RecordingAgent();
    const tokens = createTokenProvider(config, cloudEndpoints(config), { kind: 'secret', clientSecret: 'shh-secret' }, agent);
    const error = await tokens.token().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain(`tenant a1111111-1111-4111-8111-111111111111`);
    expect(error?.message).toContain(host);
    expect(error?.message).not.toContain('shh-secret');
    expect(agent.hosts.length).toBeGreaterThan(0);
    for (const h of agent.hosts) expect(reached).toContain(h);
  });
});
