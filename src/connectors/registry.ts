import { z } from 'zod';
import type { Connector } from './connector.js';
import { normalizedConnector, NormalizedSourceConfig } from './normalized/normalized-connector.js';
import { csvConnector, CsvSourceConfig } from './csv/csv-connector.js';
import { LdapSourceConfig } from './ldap/ldap-config.js';
import { ldifConnector, LdifSourceConfig } from './ldif/ldif-connector.js';
import { EntraSourceConfig } from './entra/config.js';
import { SnapshotSourceConfig } from './snapshot/snapshot-source-config.js';

/** A connector's configuration schema, and its implementation loaded only when a source of its kind is collected. */
export interface ConnectorEntry {
  kind: string;
  configSchema: z.ZodType;
  load(): Promise<Connector>;
}

/**
 * Every connector, by kind. Adding a connector = one entry here and one schema in the union below;
 * the engine never changes. The directory clients (ldapts, msal-node) load on first use, so commands
 * that only read snapshots start fast.
 */
export const connectors: readonly ConnectorEntry[] = [
  { kind: 'normalized', configSchema: NormalizedSourceConfig, load: () => Promise.resolve(normalizedConnector) },
  { kind: 'csv', configSchema: CsvSourceConfig, load: () => Promise.resolve(csvConnector) },
  { kind: 'ldap', configSchema: LdapSourceConfig, load: async () => (await import('./ldap/ldap-connector.js')).ldapConnector },
  { kind: 'ldif', configSchema: LdifSourceConfig, load: () => Promise.resolve(ldifConnector) },
  {
    kind: 'entra',
    configSchema: EntraSourceConfig,
    load: async () => (await import('./entra/entra-connector.js')).entraConnector,
  },
];

/** The `sources:` entry schema: a union discriminated by `kind` (`snapshot` is merged, not collected). */
export const SourceConfig = z.discriminatedUnion('kind', [
  NormalizedSourceConfig,
  CsvSourceConfig,
  LdapSourceConfig,
  LdifSourceConfig,
  EntraSourceConfig,
  SnapshotSourceConfig,
]);
export type SourceConfig = z.infer<typeof SourceConfig>;

export async function loadConnector(kind: string): Promise<Connector | undefined> {
  return connectors.find((c) => c.kind === kind)?.load();
}
