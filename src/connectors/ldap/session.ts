import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { InputError, fileErrorCode } from '../../util/errors.js';
import type { LdapSourceConfig } from './ldap-config.js';
import { classifyLdapError, LdapCollectError, type LdapFailure } from './ldap-failure.js';
import { LdapConnection } from './wire/connection.js';

/** A bound connection to one server. Only bind, search and unbind (and StartTLS when asked) are ever sent. */
export interface Session {
  conn: LdapConnection;
  url: string;
  operationMs: number;
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
      throw new InputError(`cannot read tls.caFile: ${fileErrorCode(e)}`, { file: path });
    }
  }
  return opts;
}

async function openOne(url: string, config: LdapSourceConfig, password: string, baseDir: string): Promise<Session> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const secure = url.toLowerCase().startsWith('ldaps://');
  const tls = secure || config.tls.startTls ? await tlsOptionsFor(config, baseDir, host) : undefined;
  const { connectMs, operationMs } = config.timeouts;
  const conn = await LdapConnection.open({
    url,
    connectTimeoutMs: connectMs,
    operationTimeoutMs: operationMs,
    tls: secure ? tls : undefined,
  });
  try {
    if (config.tls.startTls) await conn.startTls(tls!, connectMs + operationMs);
    await conn.bind(config.bindDn, password, operationMs);
    return { conn, url, operationMs };
  } catch (e) {
    conn.close();
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
export function closeSession(s: Session | undefined): void {
  s?.conn.close();
}
