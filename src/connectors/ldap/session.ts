import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { Client } from 'ldapts';
import { InputError } from '../../util/errors.js';
import type { LdapSourceConfig } from './ldap-config.js';
import { classifyLdapError, LdapCollectError, type LdapFailure } from './ldap-failure.js';

/** A bound connection to one server. Only bind, search and unbind (and StartTLS when asked) are ever sent. */
export interface Session {
  client: Client;
  url: string;
}

export async function tlsOptionsFor(config: LdapSourceConfig, baseDir: string, host: string): Promise<ConnectionOptions> {
  const opts: ConnectionOptions = { rejectUnauthorized: !config.tls.insecureSkipVerify, minVersion: 'TLSv1.2' };
  const name = config.tls.serverName ?? host;
  opts.host = name;
  if (!isIP(name)) opts.servername = name;
  if (config.tls.caFile) {
    const path = resolve(baseDir, config.tls.caFile);
    try {
      opts.ca = await readFile(path);
    } catch (e) {
      throw new InputError(`cannot read tls.caFile: ${(e as NodeJS.ErrnoException).code ?? e}`, { file: path });
    }
  }
  return opts;
}

/** Rejects when `p` has not settled within `ms`: a hung TLS handshake must not hang the run. */
export function withDeadline<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

async function openOne(url: string, config: LdapSourceConfig, password: string, baseDir: string): Promise<Session> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const secure = url.toLowerCase().startsWith('ldaps://');
  const tlsOptions = secure || config.tls.startTls ? await tlsOptionsFor(config, baseDir, host) : undefined;
  const client = new Client({
    url,
    timeout: config.timeouts.operationMs,
    connectTimeout: config.timeouts.connectMs,
    tlsOptions: secure ? tlsOptions : undefined,
    strictDN: false,
  });
  try {
    const budget = config.timeouts.connectMs + config.timeouts.operationMs;
    const timedOut = () => new Error('Connection timeout');
    if (config.tls.startTls) await withDeadline(client.startTLS({ ...tlsOptions }), budget, timedOut);
    await withDeadline(client.bind(config.bindDn, password), budget, timedOut);
    return { client, url };
  } catch (e) {
    await closeSession({ client, url });
    throw e;
  }
}

/**
 * Connects and binds to the first server that answers. A rejected bind stops at once: the same
 * credentials would be rejected by every replica, and repeating them risks locking the account.
 */
export async function openSession(config: LdapSourceConfig, urls: string[], password: string, baseDir: string): Promise<Session> {
  let last: LdapFailure | undefined;
  for (const url of urls) {
    try {
      return await openOne(url, config, password, baseDir);
    } catch (e) {
      if (e instanceof InputError) throw e;
      last = classifyLdapError(e, { url, bindDn: config.bindDn, doing: 'connect and bind' });
      if (!last.transient) break;
    }
  }
  throw new LdapCollectError(last!);
}

/** Unbinds and closes; never throws (called from finally blocks). */
export async function closeSession(s: Session | undefined): Promise<void> {
  if (!s) return;
  try {
    await withDeadline(s.client.unbind(), 2000, () => new Error('unbind timeout'));
  } catch {
    // The socket is destroyed by unbind() even when the request fails.
  }
}
