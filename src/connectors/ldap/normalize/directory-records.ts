import type { Account, Foreign } from '../../../model/principal.js';
import type { DirectoryLink } from '../../../model/entitlement.js';
import type { CollectedGroup } from '../../../model/collected.js';
import { adAccount, adDomain, adForeign, adGroup, adKindOf, adTrust } from './normalize-ad.js';
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
  /** Entries that matched the search but are none of the above (kept as a count only). */
  ignored: number;
  /** Active Directory: SID and DNS name of the domain, from its domainDNS object. */
  domainSid?: string;
  domainName?: string;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const sortedUnique = (xs: string[]): string[] => [...new Set(xs)].sort();

/**
 * Turns raw entries into normalised records. Live collection and LDIF import both go through this
 * class, so the same directory gives the same records whichever way it was read.
 */
export class DirectoryRecordsBuilder {
  private readonly accounts: Account[] = [];
  private readonly groups = new Map<string, CollectedGroup>();
  private readonly foreign: Foreign[] = [];
  private readonly links: DirectoryLink[] = [];
  private readonly memberUids = new Map<string, string[]>();
  private ignored = 0;
  private domain?: { sid?: string; name: string };
  readonly pendingRanges: PendingRange[] = [];

  constructor(
    readonly source: string,
    readonly flavor: Flavor,
    opts: { mayRepeat?: boolean } = {},
  ) {
    if (opts.mayRepeat) this.seen = new Set();
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
        return;
      }
      case 'foreign':
        this.foreign.push(adForeign(e, this.source));
        return;
      case 'link':
        this.links.push(adTrust(e, this.source));
        return;
      case 'domain':
        this.domain ??= adDomain(e);
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
      default:
        this.ignored++;
    }
  }

  /** Members read by a later ranged request. */
  appendMembers(groupId: string, members: string[]): void {
    this.groups.get(groupId)?.members.push(...members);
  }

  /** Resolves posix memberships, sorts everything for stable output. */
  finish(): DirectoryRecords {
    if (this.flavor === 'openldap') this.resolvePosix();
    const groups = [...this.groups.values()].map((g) => ({ ...g, members: sortedUnique(g.members) }));
    return {
      accounts: [...this.accounts].sort(byId),
      groups: groups.sort(byId),
      foreign: [...this.foreign].sort(byId),
      links: [...this.links].sort(byId),
      ignored: this.ignored,
      domainSid: this.domain?.sid,
      domainName: this.domain?.name,
    };
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
