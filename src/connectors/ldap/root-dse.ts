import type { Client } from 'ldapts';
import type { Flavor } from './normalize/directory-records.js';

export interface RootDse {
  defaultNamingContext?: string;
  namingContexts: string[];
  supportedCapabilities: string[];
  vendorName?: string;
}

const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

export async function readRootDse(client: Client, timeLimit: number): Promise<RootDse> {
  const { searchEntries } = await client.search('', {
    scope: 'base',
    filter: '(objectClass=*)',
    attributes: ['defaultNamingContext', 'namingContexts', 'supportedCapabilities', 'vendorName'],
    timeLimit,
  });
  const e = searchEntries[0] ?? { dn: '' };
  return {
    defaultNamingContext: list(e.defaultNamingContext)[0],
    namingContexts: list(e.namingContexts),
    supportedCapabilities: list(e.supportedCapabilities),
    vendorName: list(e.vendorName)[0],
  };
}

/** LDAP_CAP_ACTIVE_DIRECTORY_OID and LDAP_CAP_ACTIVE_DIRECTORY_ADAM_OID. */
const AD_CAPABILITIES = ['1.2.840.113556.1.4.800', '1.2.840.113556.1.4.1851'];

export const detectFlavor = (dse: RootDse): Flavor =>
  dse.supportedCapabilities.some((c) => AD_CAPABILITIES.includes(c)) ? 'active-directory' : 'openldap';

/** Subtrees read when baseDns is not configured. */
export function defaultBaseDns(dse: RootDse, flavor: Flavor): string[] {
  if (flavor === 'active-directory' && dse.defaultNamingContext) return [dse.defaultNamingContext];
  return dse.namingContexts.filter((dn) => dn !== '' && !/^cn=(config|monitor|subschema)$/i.test(dn));
}
