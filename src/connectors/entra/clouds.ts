import type { EntraCloud, EntraSourceConfig } from './config.js';

export interface CloudEndpoints {
  /** Login host, e.g. https://login.microsoftonline.us */
  authorityHost: string;
  /** Graph base URL without version, e.g. https://graph.microsoft.us */
  graphEndpoint: string;
}

/** National clouds: login and Graph hosts differ per cloud, and the token scope is `<graph>/.default`. */
export const nationalClouds: Record<Exclude<EntraCloud, 'custom'>, CloudEndpoints> = {
  global: { authorityHost: 'https://login.microsoftonline.com', graphEndpoint: 'https://graph.microsoft.com' },
  usgov: { authorityHost: 'https://login.microsoftonline.us', graphEndpoint: 'https://graph.microsoft.us' },
  'usgov-dod': { authorityHost: 'https://login.microsoftonline.us', graphEndpoint: 'https://dod-graph.microsoft.us' },
  china: { authorityHost: 'https://login.chinacloudapi.cn', graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn' },
};

const trimSlash = (u: string): string => u.replace(/\/+$/, '');

export function cloudEndpoints(config: Pick<EntraSourceConfig, 'cloud' | 'authorityHost' | 'graphEndpoint'>): CloudEndpoints {
  if (config.cloud === 'custom') {
    return { authorityHost: trimSlash(config.authorityHost!), graphEndpoint: trimSlash(config.graphEndpoint!) };
  }
  return nationalClouds[config.cloud];
}

/**
 * Authority metadata for a custom cloud: the configured document, or one built from the conventional
 * Entra paths under the authority host, so msal makes no discovery call either way.
 */
export function customAuthorityMetadata(config: EntraSourceConfig, authorityHost: string): Record<string, unknown> {
  const base = `${authorityHost}/${config.tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    issuer: `${base}/v2.0`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    ...(config.authorityMetadata ?? {}),
  };
}
