import type { Account, Foreign } from '../../../model/principal.js';
import type { DirectoryLink } from '../../../model/entitlement.js';
import type { CollectedGroup } from '../../../model/collected.js';
import {
  decodeGuid,
  decodeSid,
  filetimeToIso,
  generalizedTimeToIso,
  isSecurityGroupType,
  trustDirection,
  UAC_ACCOUNTDISABLE,
  UAC_DONT_EXPIRE_PASSWORD,
} from './ad-values.js';
import { AD_DOMAIN_POLICY_ATTRIBUTES, AD_PSO_ATTRIBUTES, isPasswordSettingsObject } from './password-policies.js';
import { binary, integer, objectClasses, rangedValues, text, texts, type RawEntry } from './raw-entry.js';

/** Attributes read from Active Directory (and required in AD LDIF exports). */
export const AD_ATTRIBUTES = [
  'objectClass',
  'objectGUID',
  'objectSid',
  'cn',
  'displayName',
  'sAMAccountName',
  'userPrincipalName',
  'mail',
  'employeeID',
  'employeeNumber',
  'userAccountControl',
  'accountExpires',
  'pwdLastSet',
  'lastLogonTimestamp',
  'whenCreated',
  'primaryGroupID',
  'servicePrincipalName',
  'groupType',
  'member',
  'managedBy',
  'description',
  'trustPartner',
  'trustDirection',
  'trustType',
  'trustAttributes',
  'flatName',
  'securityIdentifier',
  ...AD_DOMAIN_POLICY_ATTRIBUTES,
  ...AD_PSO_ATTRIBUTES,
] as const;

export const AD_BINARY_ATTRIBUTES = ['objectGUID', 'objectSid', 'securityIdentifier', 'nTSecurityDescriptor'];

/**
 * What an offline export must also hold: the security descriptors, which decide whether a group's
 * managedBy may change its members. Live, they are read in a second search of managed groups only.
 */
export const AD_EXPORT_ATTRIBUTES = [...AD_ATTRIBUTES, 'nTSecurityDescriptor'] as const;

/** Live: the groups whose managedBy is set, with their security descriptors (DACL only, see sd-flags-control.ts). */
export const AD_MANAGED_GROUPS_FILTER = '(&(objectClass=group)(managedBy=*))';
export const AD_MANAGED_GROUP_ATTRIBUTES = ['objectGUID', 'managedBy', 'nTSecurityDescriptor'];

/**
 * The domain object (domainDNS) comes along to give the domain SID, which primary groups are relative to,
 * and the default password policy; msDS-PasswordSettings are the fine-grained password policies.
 */
export const AD_FILTER =
  '(|(objectClass=user)(objectClass=group)(objectClass=foreignSecurityPrincipal)(objectClass=trustedDomain)(objectClass=domainDNS)(objectClass=msDS-PasswordSettings))';

export const guidOf = (e: RawEntry): string | undefined => {
  const b = binary(e, 'objectGUID');
  return b ? decodeGuid(b) : undefined;
};
const sidOf = (e: RawEntry, attr = 'objectSid'): string | undefined => {
  const b = binary(e, attr);
  return b ? decodeSid(b) : undefined;
};
const timeOf = (e: RawEntry, attr: string): string | undefined => {
  const v = text(e, attr);
  const iso = v === undefined ? undefined : filetimeToIso(v);
  return iso ?? undefined;
};

export type AdKind = 'account' | 'group' | 'foreign' | 'link' | 'domain' | 'pso' | 'other';

export function adKindOf(e: RawEntry): AdKind {
  const c = objectClasses(e);
  if (c.has('domaindns')) return 'domain';
  if (isPasswordSettingsObject(e)) return 'pso';
  if (c.has('foreignsecurityprincipal')) return 'foreign';
  if (c.has('trusteddomain')) return 'link';
  if (c.has('group')) return 'group';
  if (c.has('user') || c.has('computer')) return 'account';
  return 'other';
}

function accountType(e: RawEntry): Account['type'] {
  const c = objectClasses(e);
  if (c.has('msds-groupmanagedserviceaccount') || c.has('msds-managedserviceaccount') || c.has('msds-delegatedmanagedserviceaccount')) {
    return 'service';
  }
  if (c.has('computer')) return 'computer';
  // A user object carrying a service principal name runs a service (Kerberos service account).
  return texts(e, 'servicePrincipalName').length > 0 ? 'service' : 'user';
}

export function adAccount(e: RawEntry, source: string): Account {
  const uac = integer(e, 'userAccountControl');
  const expires = text(e, 'accountExpires');
  const created = text(e, 'whenCreated');
  const sam = text(e, 'sAMAccountName');
  return {
    source,
    id: guidOf(e) ?? e.dn,
    type: accountType(e),
    name: text(e, 'displayName') ?? text(e, 'cn') ?? sam ?? e.dn,
    dn: e.dn,
    upn: text(e, 'userPrincipalName'),
    samAccountName: sam,
    mail: text(e, 'mail'),
    employeeId: text(e, 'employeeID') ?? text(e, 'employeeNumber'),
    sid: sidOf(e),
    // Without a readable userAccountControl the account is counted as enabled (never under-report access).
    enabled: uac === undefined ? true : (uac & UAC_ACCOUNTDISABLE) === 0,
    expiresAt: expires === undefined ? undefined : (filetimeToIso(expires) ?? null),
    createdAt: created === undefined ? undefined : generalizedTimeToIso(created),
    lastLogonAt: timeOf(e, 'lastLogonTimestamp'),
    passwordLastSetAt: timeOf(e, 'pwdLastSet'),
    ...(uac !== undefined && (uac & UAC_DONT_EXPIRE_PASSWORD) !== 0 ? { passwordNeverExpires: true } : {}),
    primaryGroupId: integer(e, 'primaryGroupID'),
    attributes: uac === undefined ? undefined : { userAccountControl: String(uac) },
  };
}

/** The group and, when `member` came back as a range that is not the last, where to continue. */
export function adGroup(e: RawEntry, source: string): { group: CollectedGroup; nextRange?: number } {
  const groupType = integer(e, 'groupType');
  const sam = text(e, 'sAMAccountName');
  const ranged = rangedValues(e, 'member');
  const members = ranged ? ranged.values : texts(e, 'member');
  const attributes: Record<string, string> = {};
  if (sam !== undefined) attributes.samAccountName = sam;
  if (groupType !== undefined) attributes.groupType = String(groupType);
  return {
    group: {
      source,
      id: guidOf(e) ?? e.dn,
      name: text(e, 'cn') ?? sam ?? e.dn,
      dn: e.dn,
      sid: sidOf(e),
      // A group whose type cannot be read is treated as security: it may grant access.
      groupKind: groupType === undefined || isSecurityGroupType(groupType) ? 'security' : 'distribution',
      description: text(e, 'description'),
      attributes: Object.keys(attributes).length ? attributes : undefined,
      members,
    },
    nextRange: ranged && ranged.end !== null ? ranged.end + 1 : undefined,
  };
}

/** A foreignSecurityPrincipal: named by the SID of a principal in another forest or domain. */
export function adForeign(e: RawEntry, source: string): Foreign {
  const cn = text(e, 'cn');
  return { source, id: e.dn, sid: sidOf(e) ?? (cn?.startsWith('S-') ? cn : undefined), name: cn };
}

export function adTrust(e: RawEntry, source: string): DirectoryLink {
  const attributes: Record<string, string> = {};
  for (const a of ['flatName', 'trustType', 'trustAttributes', 'trustDirection']) {
    const v = text(e, a);
    if (v !== undefined) attributes[a] = v;
  }
  const sid = sidOf(e, 'securityIdentifier');
  if (sid) attributes.securityIdentifier = sid;
  return {
    source,
    id: guidOf(e) ?? e.dn,
    kind: 'ad-trust',
    partner: text(e, 'trustPartner') ?? text(e, 'cn') ?? e.dn,
    direction: trustDirection(integer(e, 'trustDirection')),
    attributes,
  };
}

/** DNS name of the domain from the DC= components of its DN. */
export const domainNameOf = (dn: string): string =>
  dn
    .split(',')
    .map((rdn) => rdn.trim())
    .filter((rdn) => /^dc=/i.test(rdn))
    .map((rdn) => rdn.slice(3).toLowerCase())
    .join('.');

export function adDomain(e: RawEntry): { sid?: string; name: string } {
  return { sid: sidOf(e), name: domainNameOf(e.dn) };
}
