import type { CollectContext } from '../../../src/connectors/connector.js';
import { LdapSourceConfig } from '../../../src/connectors/ldap/ldap-config.js';
import { ldapConnector } from '../../../src/connectors/ldap/ldap-connector.js';
import { LdifSourceConfig } from '../../../src/connectors/ldif/ldif-connector.js';
import { ldifConnector } from '../../../src/connectors/ldif/ldif-connector.js';
import type { CollectedSource } from '../../../src/model/collected.js';

export function testContext(env: Record<string, string> = {}, logs: string[] = []): CollectContext {
  return {
    baseDir: process.cwd(),
    now: new Date('2026-01-15T12:00:00Z'),
    timeZone: 'UTC',
    progress: () => {},
    log: (level, message) => {
      logs.push(`${level}: ${message}`);
    },
    env,
  };
}

/** Collects live with the given config fields; the password goes through an environment variable, as in production. */
export async function collectLdap(
  fields: Record<string, unknown>,
  password: string,
  overrides: Partial<CollectContext> = {},
): Promise<CollectedSource> {
  const config = LdapSourceConfig.parse({ kind: 'ldap', password: { env: 'DEMARC_TEST_LDAP_PW' }, ...fields });
  return ldapConnector.collect(config, { ...testContext({ DEMARC_TEST_LDAP_PW: password }), ...overrides });
}

export async function importLdif(fields: Record<string, unknown>): Promise<CollectedSource> {
  const config = LdifSourceConfig.parse({ kind: 'ldif', ...fields });
  return ldifConnector.collect(config, testContext());
}

/** The records two collections of the same directory must agree on (source ids aside). */
export const comparable = (c: CollectedSource) => ({
  accounts: c.accounts.map((a) => ({ ...a, source: '' })),
  groups: c.groups.map((g) => ({ ...g, source: '' })),
  foreign: c.foreign.map((f) => ({ ...f, source: '' })),
  links: c.links.map((l) => ({ ...l, source: '' })),
  domainSid: c.source.origin.domainSid,
});
