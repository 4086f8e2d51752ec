import { ResultCodeError } from 'ldapts';
import { errorMessage } from '../../util/errors.js';

/** Why a collection stopped, in words an administrator can act on. */
export interface LdapFailure {
  code: string;
  /** Worth restarting the collection (lost connection, timeout, busy server). */
  transient: boolean;
  message: string;
}

export class LdapCollectError extends Error {
  constructor(readonly failure: LdapFailure) {
    super(failure.message);
    this.name = 'LdapCollectError';
  }
}

const TLS_CODES =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|ERR_SSL_)/;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export interface FailureContext {
  url: string;
  bindDn: string;
  /** What was being done: "bind", "search of <base>", ... */
  doing: string;
}

/** Maps an ldapts, socket or TLS error to a failure with a message that names the server and what to do. */
export function classifyLdapError(e: unknown, ctx: FailureContext): LdapFailure {
  if (e instanceof LdapCollectError) return e.failure;
  const at = `${ctx.url} (${ctx.doing})`;
  const detail = errorMessage(e).split('\n')[0];
  if (e instanceof ResultCodeError) {
    switch (e.code) {
      case 49:
        return {
          code: 'ldap-bind-rejected',
          transient: false,
          message: `${ctx.url}: the server rejected the bind as ${ctx.bindDn} (invalid credentials). Check the password source and that the account is enabled and not locked; demarc does not retry a rejected bind, so it cannot lock the account out.`,
        };
      case 4:
        return {
          code: 'ldap-size-limit',
          transient: false,
          message: `${at}: the server's size limit stopped the search before every entry was returned. Raise the limit for the bind account (OpenLDAP: limits dn=... size.prtotal=unlimited; AD: MaxResultSetSize/MaxPageSize) or lower pageSize.`,
        };
      case 3:
        return {
          code: 'ldap-time-limit',
          transient: false,
          message: `${at}: the server's time limit stopped the search. Raise timeouts.searchTimeLimitSeconds or the server's limit for the bind account.`,
        };
      case 11:
        return {
          code: 'ldap-admin-limit',
          transient: false,
          message: `${at}: an administrative limit of the server was exceeded (${detail}). Lower pageSize to the server's page limit (OpenLDAP size.pr, AD MaxPageSize) or raise the limit for the bind account.`,
        };
      case 10:
        return {
          code: 'ldap-referral',
          transient: false,
          message: `${at}: the server referred the request elsewhere (${detail}); demarc does not follow referrals. Point url at a server holding this naming context, or configure that directory as its own source.`,
        };
      case 32:
        return { code: 'ldap-base-not-found', transient: false, message: `${at}: no such entry. Check baseDns.` };
      case 50:
        return {
          code: 'ldap-access-denied',
          transient: false,
          message: `${at}: access denied for ${ctx.bindDn}. Grant it read access to the subtree.`,
        };
      case 8:
      case 13:
        return {
          code: 'ldap-encryption-required',
          transient: false,
          message: `${at}: the server requires an encrypted or signed connection (${detail}). Use ldaps:// or tls.startTls with tls.caFile.`,
        };
      case 51:
      case 52:
        return { code: 'ldap-server-busy', transient: true, message: `${at}: the server is busy or unavailable (${detail}).` };
      default:
        return { code: 'ldap-error', transient: false, message: `${at}: ${detail}` };
    }
  }
  const sys = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof sys === 'string' && TLS_CODES.test(sys)) {
    return {
      code: 'ldap-tls-untrusted',
      transient: false,
      message: `${ctx.url}: the server's TLS certificate is not trusted (${sys}: ${detail}). Set tls.caFile to the CA that issued it (and tls.serverName if the name differs); nothing was sent to the server.`,
    };
  }
  if (/^Connection timeout/.test(detail ?? '')) {
    return {
      code: 'ldap-unreachable',
      transient: true,
      message: `${ctx.url}: cannot connect (${detail}, timeouts.connectMs). Check the URL, the port and any firewall between this host and the server.`,
    };
  }
  if (typeof sys === 'string' && UNREACHABLE_CODES.has(sys)) {
    return {
      code: 'ldap-unreachable',
      transient: true,
      message: `${ctx.url}: cannot connect (${sys}). Check the URL, the port and any firewall between this host and the server.`,
    };
  }
  const timedOut = /Operation timed out after (\d+) ms/.exec(detail ?? '');
  if (timedOut || /Operation timed out/.test(detail ?? '')) {
    const within = timedOut ? `${timedOut[1]} ms (timeouts.operationMs)` : 'timeouts.operationMs';
    return { code: 'ldap-timeout', transient: true, message: `${at}: no answer within ${within}.` };
  }
  if (
    (typeof sys === 'string' && LOST_CODES.has(sys)) ||
    /Connection closed|Socket error|Socket connection not established/.test(detail ?? '')
  ) {
    return {
      code: 'ldap-connection-lost',
      transient: true,
      message: `${at}: the connection was lost before the server finished answering.`,
    };
  }
  return { code: 'ldap-error', transient: false, message: `${at}: ${detail}` };
}
