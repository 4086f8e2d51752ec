import type { Agent } from 'node:https';
import { AuthError, ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import { redact } from '../../util/secrets.js';
import type { EntraSourceConfig } from './config.js';
import { customAuthorityMetadata, type CloudEndpoints } from './clouds.js';
import type { ClientCredential } from './credentials.js';
import { msalNetworkClient } from './msal-network.js';

/** Token acquisition failed: wrong secret or certificate, unknown tenant or app, unreachable authority. */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface TokenProvider {
  /** A valid bearer token; `renew` bypasses msal's cache (after a 401 from Graph). */
  token(renew?: boolean): Promise<string>;
}

export function createTokenProvider(
  config: EntraSourceConfig,
  endpoints: CloudEndpoints,
  credential: ClientCredential,
  agent: Agent,
): TokenProvider {
  const authorityUrl = new URL(endpoints.authorityHost);
  const auth: Configuration['auth'] = {
    clientId: config.clientId,
    authority: `${endpoints.authorityHost}/${config.tenantId}`,
    ...(credential.kind === 'secret'
      ? { clientSecret: credential.clientSecret }
      : {
          clientCertificate: {
            thumbprintSha256: credential.thumbprintSha256,
            privateKey: credential.privateKey,
            ...(credential.x5c ? { x5c: credential.x5c } : {}),
          },
        }),
    ...(config.cloud === 'custom'
      ? {
          knownAuthorities: [authorityUrl.host],
          authorityMetadata: JSON.stringify(customAuthorityMetadata(config, endpoints.authorityHost)),
        }
      : {}),
  };
  const network = msalNetworkClient(agent, config.requestTimeoutMs);
  const app = new ConfidentialClientApplication({
    auth,
    system: {
      networkClient: network,
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
    },
  });
  // A private cloud may front Graph under another name than the resource its tokens are issued for.
  const scopes = [config.tokenScope ?? `${endpoints.graphEndpoint}/.default`];
  const secrets = credential.kind === 'secret' ? [credential.clientSecret] : [credential.privateKey];
  return {
    async token(renew = false) {
      try {
        const result = await app.acquireTokenByClientCredential({ scopes, skipCache: renew });
        if (!result?.accessToken) throw new TokenError('the authority returned no access token', 'no_token');
        return result.accessToken;
      } catch (e) {
        if (e instanceof TokenError) throw e;
        const code = e instanceof AuthError ? e.errorCode : 'token_error';
        const detail = network.lastFailure() ?? (e instanceof AuthError ? e.errorMessage : String(e));
        const firstLine =
          redact(detail, secrets)
            .split(/\r?\n/)[0]
            ?.replace(/\s*Trace ID:.*$/, '') ?? '';
        throw new TokenError(
          `cannot obtain a Graph token for tenant ${config.tenantId} (client ${config.clientId}) from ${authorityUrl.host}: ${code}: ${firstLine}`,
          code,
        );
      }
    },
  };
}
