import { Agent, request } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, fileErrorCode } from '../../util/errors.js';
import { ConnectProxyAgent } from './proxy-agent.js';

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/** A network-level failure (reset, refused, timeout): retryable. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/**
 * HTTPS agent trusting the system CAs plus, when given, a private CA file (private clouds,
 * TLS-inspecting proxies). Certificate verification is never disabled.
 */
export async function httpsAgent(
  caFile: string | undefined,
  baseDir: string,
  maxSockets: number,
  proxy?: { url: string; authorization?: string },
): Promise<Agent> {
  let ca: string[] | undefined;
  if (caFile) {
    const path = resolve(baseDir, caFile);
    try {
      ca = [...rootCertificates, await readFile(path, 'utf8')];
    } catch (e) {
      throw new InputError(`cannot read caFile: ${fileErrorCode(e)}`, { file: path });
    }
  }
  // A secure context built once: passing `ca` itself makes the agent rebuild a long pool key per request.
  const options = { keepAlive: true, maxSockets, ...(ca ? { secureContext: createSecureContext({ ca }) } : {}) };
  return proxy ? new ConnectProxyAgent(new URL(proxy.url), proxy.authorization, options) : new Agent(options);
}

/** One HTTPS exchange with a hard timeout covering connect, headers and body. */
export function httpsExchange(
  agent: Agent,
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<HttpResponse> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      url,
      { method, agent, headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new TransportError(`response from ${hostOf(url)} broke off: ${e.message}`, 'ECONNRESET')));
        res.on('end', () => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          resolvePromise({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    const timer = setTimeout(
      () => req.destroy(new TransportError(`no answer from ${hostOf(url)} within ${timeoutMs} ms`, 'ETIMEDOUT')),
      timeoutMs,
    );
    req.on('error', (e) => {
      clearTimeout(timer);
      if (e instanceof TransportError) reject(e);
      else reject(new TransportError(`${hostOf(url)}: ${e.message}`, (e as NodeJS.ErrnoException).code ?? 'EIO'));
    });
    req.on('close', () => clearTimeout(timer));
    if (body) req.write(body);
    req.end();
  });
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};
