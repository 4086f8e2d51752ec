import { request as httpRequest } from 'node:http';
import { Agent, type AgentOptions, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

/**
 * HTTPS through an HTTP proxy: a CONNECT tunnel to the target, then TLS end to end inside it (the
 * proxy sees host names, never content; certificates are verified as without a proxy).
 */
export class ConnectProxyAgent extends Agent {
  constructor(
    private readonly proxy: URL,
    private readonly proxyAuthorization: string | undefined,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): undefined {
    const target = `${options.host ?? options.hostname}:${options.port ?? 443}`;
    const fail = (e: Error): void =>
      callback?.(Object.assign(e, { code: (e as NodeJS.ErrnoException).code ?? 'ECONNRESET' }), undefined as unknown as Duplex);
    const req = httpRequest({
      host: this.proxy.hostname,
      port: Number(this.proxy.port || 80),
      method: 'CONNECT',
      path: target,
      headers: { host: target, ...(this.proxyAuthorization ? { 'proxy-authorization': this.proxyAuthorization } : {}) },
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        fail(
          Object.assign(new Error(`proxy ${this.proxy.host} refused the tunnel to ${target}: HTTP ${res.statusCode}`), { code: 'EPROXY' }),
        );
        return;
      }
      // The agent has already set servername (SNI) when the host is a name, not an address.
      const secure = tlsConnect({ ...(options as ConnectionOptions), socket });
      callback?.(null, secure);
    });
    req.once('error', (e) =>
      fail(Object.assign(new Error(`proxy ${this.proxy.host}: ${e.message}`), { code: (e as NodeJS.ErrnoException).code })),
    );
    req.end();
    return undefined;
  }
}
