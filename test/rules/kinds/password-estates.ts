import { group, source, user } from '../../helpers/estate-builder.js';

// An OT Active Directory forest whose accounts hold BCS-HMI, with its password policies (the domain
// policy and fine-grained PSOs, resolved as msDS-ResultantPSO is: MS-ADTS 3.1.1.4.5.36).
const D = 'DC=ot,DC=example';
const SID = 'S-1-5-21-1004336348-1177238915-682003330';
// groupType: global security = 0x80000002 (MS-ADTS 2.2.12), as a signed int32.
const GLOBAL = String(0x80000002 | 0);
const adUser = (id: string, rid: number, extra: Record<string, unknown> = {}) =>
  user(id, { dn: `CN=${id},OU=Ops,${D}`, sid: `${SID}-${rid}`, primaryGroupId: 513, attributes: { userAccountControl: '512' }, ...extra });
const adGroup = (id: string, members: string[], rid: number) =>
  group(id, members, { dn: `CN=${id},OU=Groups,${D}`, sid: `${SID}-${rid}`, attributes: { groupType: GLOBAL } });

export const domainPolicy = (extra: Record<string, unknown> = {}) => ({
  id: D,
  kind: 'ad-domain',
  name: 'Default domain password policy',
  dn: D,
  minLength: 14,
  complexity: true,
  lockoutThreshold: 5,
  maxAgeSeconds: 42 * 86_400,
  ...extra,
});

/** Accounts o1, o2 (each with these extra fields) in BCS-HMI, governed by `policies`. */
export const forest = (policies: Record<string, unknown>[], account: Record<string, unknown> = {}) =>
  source('ot', {
    accounts: [adUser('o1', 1100, account), adUser('o2', 1101, account)],
    groups: [adGroup('BCS-HMI', ['o1', 'o2'], 1200), adGroup('Domain Users', [], 513)],
    passwordPolicies: policies,
  });
