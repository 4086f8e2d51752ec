import type { Account, Foreign } from '../../../model/principal.js';
import type { DirectoryLink } from '../../../model/entitlement.js';
import type { CollectedGroup } from '../../../model/collected.js';
import type { PasswordPolicy } from '../../../model/password-policy.js';
import { adDomainPolicy, adPasswordSettings, ppolicyEntry } from './password-policies.js';
import { adAccount, adDomain, adForeign, adGroup, adKindOf, adTrust, guidOf } from './normalize-ad.js';
import { binary, text } from './raw-entry.js';
import { grantsMemberWrite, parseSecurityDescriptor, SecurityDescriptorError } from './security-descriptor.js';
import { openLdapAccount, openLdapGroup, openLdapKindOf } from './normalize-openldap.js';
import type { RawEntry } from './raw-entry.js';
import { normalizeDn } from '../../../util/dn.js';

export type Flavor = 'active-directory' | 'openldap';

/** A group whose `member` values came in ranges and must be read on from `next`. */
export interface PendingRange {
  groupId: string;
  dn: string;
  next: number;
}

export interface DirectoryRecords {
  accounts: Account[];
  groups: CollectedGroup[];
  foreign: Foreign[];
  links: DirectoryLink[];
  /** The domain policy and PSOs (Active Directory), or the ppolicy entries (OpenLDAP). */
  passwordPolicies: PasswordPolicy[];
  /** Entries that matched the search but are none of the above (kept as a count only). */
  ignored: number;
  /** Active Directory: SID and DNS name of the domain, from its domainDNS object. */
  domainSid?: string;
  domainName?: string;
  /** Active Directory: what became of the groups' managedBy (see DirectoryRecordsBuilder.resolveManagers). */
  managers?: ManagerOutcome;
}

/** Groups with a managedBy, by what their security descriptor says about the manager. */
export interface ManagerOutcome {
  /** The DACL lets the manager write `member`: the manager is an owner of the group. */
  owners: number;
  /** The DACL does not: managedBy is only informational. */
  withoutRight: number;
  /** DNs of groups whose security descriptor was not available (not exported, or not readable). */
  unchecked: string[];
  /** DNs of groups whose security descriptor could not be parsed, with the reason. */
  malformed: string[];
  /** DNs of groups whose manager is not among the collected principals (another domain, a contact). */
  outside: string[];
}

interface Managed {
  dn: string;
  manager: string;
  sd?: Buffer;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Sorted, each value once (sorting first puts repeats side by side: no set of millions of values). */
function sortedUnique(xs: string[]): string[] {
  const sorted = [...xs].sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  sorted.length = n;
  return sorted;
}

/**
 * Turns raw entries into normalised records. Live collection and LDIF import both go through this
 * class, so the same directory gives the same records whichever way it was read.
 */
export class DirectoryRecordsBuilder {
  private readonly accounts: Account[] = [];
  private readonly groups = new Map<string, CollectedGroup>();
  private readonly foreign: Foreign[] = [];
  private readonly links: DirectoryLink[] = [];
  private readonly policies: PasswordPolicy[] = [];
  private readonly ppolicyDefault?: string;
  private readonly memberUids = new Map<string, string[]>();
  private ignored = 0;
  private domain?: { sid?: string; name: string };
  /** Groups with a managedBy, by group id. */
  private readonly managed = new Map<string, Managed>();
  readonly pendingRanges: PendingRange[] = [];

  constructor(
    readonly source: string,
    readonly flavor: Flavor,
    opts: { mayRepeat?: boolean; ppolicyDefault?: string } = {},
  ) {
    if (opts.mayRepeat) this.seen = new Set();
    this.ppolicyDefault = opts.ppolicyDefault;
  }

  /** DNs already added, when entries may repeat (overlapping base DNs, several files). */
  private readonly seen?: Set<string>;

  add(e: RawEntry): void {
    if (this.seen) {
      const key = normalizeDn(e.dn);
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    if (this.flavor === 'active-directory') this.addAd(e);
    else this.addOpenLdap(e);
  }

  private addAd(e: RawEntry): void {
    switch (adKindOf(e)) {
      case 'account':
        this.accounts.push(adAccount(e, this.source));
        return;
      case 'group': {
        const { group, nextRange } = adGroup(e, this.source);
        this.groups.set(group.id, group);
        if (nextRange !== undefined) this.pendingRanges.push({ groupId: group.id, dn: e.dn, next: nextRange });
        const manager = text(e, 'managedBy');
        if (manager !== undefined) this.managed.set(group.id, { dn: e.dn, manager, sd: binary(e, 'nTSecurityDescriptor') });
        return;
      }
      case 'foreign':
        this.foreign.push(adForeign(e, this.source));
        return;
      case 'link':
        this.links.push(adTrust(e, this.source));
        return;
      case 'domain': {
        this.domain ??= adDomain(e);
        const policy = adDomainPolicy(e, this.source);
        if (policy) this.policies.push(policy);
        return;
      }
      case 'pso':
        this.policies.push(adPasswordSettings(e, this.source));
        return;
      default:
        this.ignored++;
    }
  }

  private addOpenLdap(e: RawEntry): void {
    switch (openLdapKindOf(e)) {
      case 'account':
        this.accounts.push(openLdapAccount(e, this.source));
        return;
      case 'group': {
        const { group, memberUids } = openLdapGroup(e, this.source);
        this.groups.set(group.id, group);
        if (memberUids.length) this.memberUids.set(group.id, memberUids);
        return;
      }
      case 'policy':
        this.policies.push(ppolicyEntry(e, this.source, this.ppolicyDefault));
        return;
      default:
        this.ignored++;
    }
  }

  /** True when some group names a manager whose right to change the members is still to be read. */
  get needsSecurityDescriptors(): boolean {
    for (const m of this.managed.values()) if (!m.sd) return true;
    return false;
  }

  /** Live: a managed group's security descriptor, read by a search of its own (with the SD flags control). */
  addSecurityDescriptor(e: RawEntry): void {
    const m = this.managed.get(guidOf(e) ?? e.dn);
    const sd = binary(e, 'nTSecurityDescriptor');
    if (m && sd) m.sd = sd;
  }

  /** Members read by a later ranged request. */
  appendMembers(groupId: string, members: string[]): void {
    this.groups.get(groupId)?.members.push(...members);
  }

  /** Resolves posix memberships, sorts everything for stable output. */
  finish(): DirectoryRecords {
    if (this.flavor === 'openldap') this.resolvePosix();
    const managers = this.flavor === 'active-directory' ? this.resolveManagers() : undefined;
    const groups = [...this.groups.values()].map((g) => ({ ...g, members: sortedUnique(g.members) }));
    return {
      accounts: [...this.accounts].sort(byId),
      groups: groups.sort(byId),
      foreign: [...this.foreign].sort(byId),
      links: [...this.links].sort(byId),
      passwordPolicies: [...this.policies].sort(byId),
      ignored: this.ignored,
      domainSid: this.domain?.sid,
      domainName: this.domain?.name,
      ...(managers ? { managers } : {}),
    };
  }

  /**
   * AD managedBy: the manager owns the group (can add itself) only when "Manager can update membership
   * list" was ticked, i.e. the group's DACL lets the manager's SID write `member` (see security-descriptor.ts).
   * Without the security descriptor that cannot be told, and no owner is recorded: the outcome says so.
   */
  private resolveManagers(): ManagerOutcome | undefined {
    if (this.managed.size === 0) return undefined;
    const out: ManagerOutcome = { owners: 0, withoutRight: 0, unchecked: [], malformed: [], outside: [] };
    const byDn = new Map<string, { id: string; sid?: string }>();
    for (const p of [...this.accounts, ...this.groups.values()]) if (p.dn) byDn.set(normalizeDn(p.dn), { id: p.id, sid: p.sid });
    for (const [groupId, m] of this.managed) {
      const manager = byDn.get(normalizeDn(m.manager));
      if (!manager?.sid) {
        out.outside.push(m.dn);
        continue;
      }
      if (!m.sd) {
        out.unchecked.push(m.dn);
        continue;
      }
      let grants: boolean;
      try {
        grants = grantsMemberWrite(parseSecurityDescriptor(m.sd), [manager.sid]);
      } catch (e) {
        if (!(e instanceof SecurityDescriptorError)) throw e;
        out.malformed.push(`${m.dn} (${e.message})`);
        continue;
      }
      if (!grants) {
        out.withoutRight++;
        continue;
      }
      out.owners++;
      const g = this.groups.get(groupId)!;
      g.owners = [...new Set([...(g.owners ?? []), manager.id])];
    }
    return out;
  }

  /**
   * posixGroup memberUid names a logon name, not a DN: resolve it to the account's DN. A name no
   * collected account has becomes a Foreign record, so the membership is never silently dropped.
   * An account's gidNumber makes it a member of the posix group with that gidNumber (its primary group).
   */
  private resolvePosix(): void {
    const posixGroups = [...this.groups.values()].some((g) => g.groupKind === 'posix');
    if (!posixGroups && this.memberUids.size === 0) return;
    const dnByUid = new Map<string, string>();
    for (const a of this.accounts) if (a.samAccountName && a.dn) dnByUid.set(a.samAccountName.toLowerCase(), a.dn);
    const foreignIds = new Set<string>();
    for (const [groupId, uids] of this.memberUids) {
      const group = this.groups.get(groupId)!;
      for (const uid of uids) {
        const dn = dnByUid.get(uid.toLowerCase());
        if (dn) {
          group.members.push(dn);
          continue;
        }
        const id = `memberUid=${uid}`;
        group.members.push(id);
        if (!foreignIds.has(id)) {
          foreignIds.add(id);
          this.foreign.push({ source: this.source, id, name: uid });
        }
      }
    }
    const posixByGid = new Map<string, CollectedGroup[]>();
    for (const g of this.groups.values()) {
      const gid = g.attributes?.gidNumber;
      if (g.groupKind === 'posix' && gid !== undefined) posixByGid.set(gid, [...(posixByGid.get(gid) ?? []), g]);
    }
    for (const a of this.accounts) {
      const gid = a.attributes?.gidNumber;
      if (gid === undefined || !a.dn) continue;
      for (const g of posixByGid.get(gid) ?? []) g.members.push(a.dn);
    }
  }
}
