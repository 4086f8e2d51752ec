import type { Account, Foreign } from '../../model/principal.js';
import type { CollectedGroup } from '../../model/collected.js';
import type { RawGroup, RawServicePrincipal, RawUser } from './graph-types.js';
import type { MemberMap } from './members.js';

const opt = <T>(v: T | null | undefined): T | undefined => (v === null || v === undefined || v === '' ? undefined : v);
const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Where a B2B guest comes from: the domain of its mail, or the one encoded in an `#EXT#` UPN
 * (`alice_contoso.com#EXT#@tenant.onmicrosoft.com` -> `contoso.com`).
 */
export function guestHomeDomain(upn: string | undefined, mail: string | undefined): string | undefined {
  const fromMail = mail?.split('@')[1];
  if (fromMail) return fromMail.toLowerCase();
  const ext = upn?.match(/^(.*)#EXT#@/i)?.[1];
  const at = ext?.lastIndexOf('_') ?? -1;
  return ext && at > 0 ? ext.slice(at + 1).toLowerCase() : undefined;
}

export function userAccount(source: string, u: RawUser): Account {
  const upn = opt(u.userPrincipalName);
  const mail = opt(u.mail);
  const guest = u.userType === 'Guest' || /#EXT#@/i.test(upn ?? '');
  return {
    source,
    id: u.id,
    type: guest ? 'guest' : 'user',
    name: opt(u.displayName) ?? upn ?? u.id,
    upn,
    mail,
    employeeId: opt(u.employeeId),
    // Unknown counts as enabled: an account is assumed to hold its credentials unless Graph says otherwise.
    enabled: u.accountEnabled !== false,
    createdAt: opt(u.createdDateTime),
    lastLogonAt: opt(u.signInActivity?.lastSignInDateTime),
    passwordLastSetAt: opt(u.lastPasswordChangeDateTime),
    ...(hasPasswordPolicy(u, 'DisablePasswordExpiration') ? { passwordNeverExpires: true } : {}),
    homeTenant: guest ? guestHomeDomain(upn, mail) : undefined,
    externalUserState: opt(u.externalUserState),
    creationType: opt(u.creationType),
    onPremisesSid: opt(u.onPremisesSecurityIdentifier),
    onPremisesSamAccountName: opt(u.onPremisesSamAccountName),
    // Synced users: the AD objectSid and source anchor join this account to its AD account.
    onPremisesImmutableId: opt(u.onPremisesImmutableId),
    attributes: userAttributes(u),
  };
}

/** user.passwordPolicies: "DisablePasswordExpiration", "DisablePasswordStrongPassword", or both, comma-separated. */
const hasPasswordPolicy = (u: RawUser, name: string): boolean =>
  (u.passwordPolicies ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .includes(name.toLowerCase());

function userAttributes(u: RawUser): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (u.userType) out.userType = u.userType;
  if (u.passwordPolicies) out.passwordPolicies = u.passwordPolicies;
  return Object.keys(out).length ? out : undefined;
}

export function servicePrincipalAccount(source: string, sp: RawServicePrincipal): Account {
  return {
    source,
    id: sp.id,
    type: 'servicePrincipal',
    name: opt(sp.displayName) ?? opt(sp.appId) ?? sp.id,
    enabled: sp.accountEnabled !== false,
    appId: opt(sp.appId),
    appOwnerOrganizationId: opt(sp.appOwnerOrganizationId),
    servicePrincipalType: opt(sp.servicePrincipalType),
    owners: (sp.owners ?? []).map((o) => o.id).sort(),
  };
}

/** Microsoft 365 groups first (they grant no directory access even when security-enabled), then security, then distribution. */
export function groupKind(g: RawGroup): CollectedGroup['groupKind'] {
  if (g.groupTypes?.includes('Unified')) return 'unified';
  if (g.securityEnabled) return 'security';
  return 'distribution';
}

/** `owners`: ids of the group's owners in the same tenant, who can change its membership (kept only when there are some). */
export function collectedGroup(
  source: string,
  g: RawGroup,
  members: ReadonlyMap<string, string> | undefined,
  owners: readonly string[] = [],
): CollectedGroup {
  const attributes: Record<string, string> = {};
  if (g.onPremisesSecurityIdentifier) attributes.onPremisesSecurityIdentifier = g.onPremisesSecurityIdentifier;
  if (g.groupTypes?.length) attributes.groupTypes = [...g.groupTypes].sort().join(',');
  return {
    source,
    id: g.id,
    name: opt(g.displayName) ?? g.id,
    groupKind: groupKind(g),
    mailEnabled: g.mailEnabled ?? undefined,
    roleAssignable: g.isAssignableToRole ?? undefined,
    description: opt(g.description),
    attributes: Object.keys(attributes).length ? attributes : undefined,
    members: [...(members?.keys() ?? [])].sort(),
    ...(owners.length ? { owners: [...owners].sort() } : {}),
  };
}

/** Members that are neither users, groups nor service principals (devices, org contacts) stay referencable. */
export function otherMembers(source: string, members: MemberMap, known: ReadonlySet<string>): Foreign[] {
  const out = new Map<string, Foreign>();
  for (const set of members.values()) {
    for (const [id, type] of set) {
      if (known.has(id) || out.has(id)) continue;
      out.set(id, { source, id, name: `${type.replace('#microsoft.graph.', '') || 'directoryObject'} ${id}` });
    }
  }
  return [...out.values()].sort(byId);
}

export { byId };
