import { z } from 'zod';
import type { Connector } from './connector.js';
import { normalizedConnector, NormalizedSourceConfig } from './normalized/normalized-connector.js';
import { csvConnector, CsvSourceConfig } from './csv/csv-connector.js';
import { ldapConnector, LdapSourceConfig } from './ldap/ldap-connector.js';
import { ldifConnector, LdifSourceConfig } from './ldif/ldif-connector.js';
import { entraConnector, EntraSourceConfig } from './entra/entra-connector.js';

/**
 * Every connector, by kind. Adding a connector = one import and one entry in each list below;
 * the engine never changes.
 */
export const connectors: readonly Connector[] = [normalizedConnector, csvConnector, ldapConnector, ldifConnector, entraConnector] as Connector[];

/** The `sources:` entry schema: a union discriminated by `kind`. */
export const SourceConfig = z.discriminatedUnion('kind', [NormalizedSourceConfig, CsvSourceConfig, LdapSourceConfig, LdifSourceConfig, EntraSourceConfig]);
export type SourceConfig = z.infer<typeof SourceConfig>;

export function connectorFor(kind: string): Connector | undefined {
  return connectors.find((c) => c.kind === kind);
}
