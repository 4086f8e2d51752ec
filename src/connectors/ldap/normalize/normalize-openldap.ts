import type { Account } from '../../../model/principal.js';
import type { CollectedGroup } from '../../../model/collected.js';
import { generalizedTimeToIso } from './ad-values.js';
import { PPOLICY_ATTRIBUTES } from './password-policies.js';
import { integer, objectClasses, text, texts, type RawEntry } from './raw-entry.js';

/** Attributes read from OpenLDAP and other RFC 4519/2307 directories (and required in their LDIF exports). */
export const OPENLDAP_ATTRIBUTES = [
  'objectClass',
  'entryUUID',
  'cn',
  'displayName',
  'uid',
  'mail',
  'employeeNumber',
  'uidNumber',
  'gidNumber',
  'member',
  'uniqueMember',
  'memberUid',
  'description',
  'pwdAccountLockedTime',
  'shadowExpire',
  'createTimestamp',
  // ppolicy: the operational attribute naming an account's policy, and the policy entries' settings.
  'pwdPolicySubentry',
  'pwdChangedTime',
  ...PPOLICY_ATTRIBUTES,
] as const;

export const OPENLDAP_FILTER =
  '(|(objectClass=person)(objectClass=posixAccount)(objectClass=account)(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup)(objectClass=pwdPolicy))';

/** pwdAccountLockedTime with this value is an administrative lock (ppolicy); other values are lockouts that expire. */
const PERMANENT_LOCK = '000001010000Z';
const DAY_MS = 86_400_000;

export type OpenLdapKind = 'account' | 'group' | 'policy' | 'other';

export function openLdapKindOf(e: RawEntry): OpenLdapKind {
  const c = objectClasses(e);
  if (c.has('pwdpolicy') && !c.has('person') && !c.has('posixaccount')) return 'policy';
  if (c.has('posixgroup') || c.has('groupofnames') || c.has('groupofuniquenames')) return 'group';
  if (c.has('person') || c.has('organizationalperson') || c.has('inetorgperson') || c.has('posixaccount') || c.has('account')) {
    return 'account';
  }
  return 'other';
}

/** shadowExpire counts days since 1970-01-01; -1 (or 0 in some tools' exports is a real date, kept) means never. */
function shadowExpiry(e: RawEntry): string | null | undefined {
  const days = integer(e, 'shadowExpire');
  if (days === undefined) return undefined;
  if (days < 0) return null;
  return new Date(days * DAY_MS).toISOString();
}

export function openLdapAccount(e: RawEntry, source: string): Account {
  const c = objectClasses(e);
  const human = c.has('person') || c.has('organizationalperson') || c.has('inetorgperson');
  const locked = text(e, 'pwdAccountLockedTime');
  const created = text(e, 'createTimestamp');
  const changed = text(e, 'pwdChangedTime');
  const policy = text(e, 'pwdPolicySubentry');
  const attributes: Record<string, string> = {};
  for (const a of ['uidNumber', 'gidNumber']) {
    const v = text(e, a);
    if (v !== undefined) attributes[a] = v;
  }
  if (locked !== undefined) attributes.pwdAccountLockedTime = locked;
  return {
    source,
    id: text(e, 'entryUUID') ?? e.dn,
    type: human ? 'user' : 'service',
    name: text(e, 'displayName') ?? text(e, 'cn') ?? text(e, 'uid') ?? e.dn,
    dn: e.dn,
    // uid is the logon name, the role sAMAccountName plays in Active Directory.
    samAccountName: text(e, 'uid'),
    mail: text(e, 'mail'),
    employeeId: text(e, 'employeeNumber'),
    enabled: locked !== PERMANENT_LOCK,
    expiresAt: shadowExpiry(e),
    createdAt: created === undefined ? undefined : generalizedTimeToIso(created),
    passwordLastSetAt: changed === undefined ? undefined : generalizedTimeToIso(changed),
    passwordPolicyRef: policy,
    attributes: Object.keys(attributes).length ? attributes : undefined,
  };
}

/** uniqueMember values may carry an optional `#'0101'B` unique identifier after the DN. */
const stripUid = (v: string): string => v.replace(/#'[01]*'B$/, '');

export function openLdapGroup(e: RawEntry, source: string): { group: CollectedGroup; memberUids: string[] } {
  const c = objectClasses(e);
  const gid = text(e, 'gidNumber');
  return {
    group: {
      source,
      id: text(e, 'entryUUID') ?? e.dn,
      name: text(e, 'cn') ?? e.dn,
      dn: e.dn,
      groupKind: c.has('posixgroup') ? 'posix' : 'security',
      description: text(e, 'description'),
      attributes: gid === undefined ? undefined : { gidNumber: gid },
      members: [...texts(e, 'member'), ...texts(e, 'uniqueMember').map(stripUid)],
    },
    memberUids: texts(e, 'memberUid'),
  };
}
