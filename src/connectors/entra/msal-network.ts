import type { Agent } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { httpsExchange } from './https-transport.js';

/**
 * msal's HTTP client replaced by ours, so that the token call trusts the same CA file as the Graph
 * calls and honours the same timeout. msal parses the body itself (JSON), also for error answers.
 */
export function msalNetworkClient(agent: Agent, timeoutMs: number): INetworkModule & { lastFailure(): string | undefined } {
  // msal replaces a network failure by a generic "network_error": keep the cause for the message.
  let failure: string | undefined;
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    failure = undefined;
    const res = await httpsExchange(agent, method, url, options?.headers ?? {}, options?.body, timeoutMs).catch((e: unknown) => {
      failure = e instanceof Error ? e.message : String(e);
      throw e;
    });
    let body: unknown;
    try {
      body = res.body ? JSON.parse(res.body) : {};
    } catch {
      body = { error: 'invalid_response', error_description: `non-JSON answer (HTTP ${res.status}) from ${new URL(url).host}` };
    }
    return { status: res.status, headers: res.headers, body: body as T };
  };
  return {
    lastFailure: () => failure,
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
