import type { Session } from './session.js';
import { texts } from './normalize/raw-entry.js';
import type { Flavor } from './normalize/directory-records.js';

export interface RootDse {
  defaultNamingContext?: string;
  namingContexts: string[];
  supportedCapabilities: string[];
  vendorName?: string;
}

export async function readRootDse(session: Session, timeLimit: number): Promise<RootDse> {
  const [e] = await session.conn.searchAll(
    {
      base: '',
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['defaultNamingContext', 'namingContexts', 'supportedCapabilities', 'vendorName'],
      timeLimit,
    },
    session.operationMs,
  );
  const get = (name: string): string[] => (e ? texts(e, name) : []);
  return {
    defaultNamingContext: get('defaultNamingContext')[0],
    namingContexts: get('namingContexts'),
    supportedCapabilities: get('supportedCapabilities'),
    vendorName: get('vendorName')[0],
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
