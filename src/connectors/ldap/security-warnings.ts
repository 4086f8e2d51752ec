import type { SourceProblem } from '../../model/source.js';
import type { LdapSourceConfig } from './ldap-config.js';

const isLoopback = (url: string): boolean => {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
};

/** Weakened transport security is reported with every collection, so it shows in evidence. */
export function securityWarnings(config: LdapSourceConfig, url: string): SourceProblem[] {
  const tls = url.toLowerCase().startsWith('ldaps://') || config.tls.startTls;
  if (tls && config.tls.insecureSkipVerify) {
    return [
      {
        level: 'warning',
        code: 'ldap-tls-not-verified',
        message: `${url}: the server certificate was not verified (tls.insecureSkipVerify); the data may not come from the real directory. Set tls.caFile instead.`,
      },
    ];
  }
  if (!tls && !isLoopback(url)) {
    return [
      {
        level: 'warning',
        code: 'ldap-no-tls',
        message: `${url}: the bind password and the directory data crossed the network unencrypted. Use ldaps:// or tls.startTls.`,
      },
    ];
  }
  return [];
}
