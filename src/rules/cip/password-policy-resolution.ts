import type { Estate } from '../../estate/estate.js';
import type { AccountNode } from '../../estate/estate.js';
import type { PasswordPolicy } from '../../model/password-policy.js';
import { normalizeDn } from '../../util/dn.js';

/** Which policy governs an account, and how that was decided (shown in the population). */
export interface GoverningPolicy {
  policy?: PasswordPolicy;
  /** How the policy was reached: "PSO linked to the user", "PSO linked to group X", "domain policy", ... */
  via: string;
  /** Why no policy can be named (nothing collected, a reference to a policy that was not read). */
  problem?: string;
}

/** ADS_UF_NORMAL_ACCOUNT and ADS_UF_DONT_EXPIRE_PASSWD (MS-ADTS 2.2.16). */
const UAC_NORMAL_ACCOUNT = 0x200;
/** groupType: ACCOUNT_GROUP (global) and SECURITY_ENABLED (MS-ADTS 2.2.12). */
const GROUP_TYPE_GLOBAL = 0x2;
const GROUP_TYPE_SECURITY = 0x80000000;

/** objectGUID string -> its 16 bytes in hex, in the order they are stored (the first three fields little-endian). */
export function guidBytes(guid: string): string {
  const h = guid.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(h)) return h;
  const rev = (s: string): string => s.match(/../g)!.reverse().join('');
  return rev(h.slice(0, 8)) + rev(h.slice(8, 12)) + rev(h.slice(12, 16)) + h.slice(16);
}

/**
 * Among PSOs that apply the same way, the lowest msDS-PasswordSettingsPrecedence wins, ties going to the
 * lowest objectGUID (MS-ADTS 3.1.1.4.5.36 msDS-ResultantPSO,
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-adts/ad735d45-ba6a-42fc-a41c-e91ced8e72d9).
 * A PSO without a precedence is compared as the largest (it cannot be shown to win).
 */
export function winningPso(psos: readonly PasswordPolicy[]): PasswordPolicy | undefined {
  const rank = (p: PasswordPolicy): number => p.precedence ?? Number.MAX_SAFE_INTEGER;
  return [...psos].sort((a, b) => rank(a) - rank(b) || (guidBytes(a.guid ?? a.id) < guidBytes(b.guid ?? b.id) ? -1 : 1))[0];
}

interface SourceIndex {
  policies: PasswordPolicy[];
  domains: PasswordPolicy[];
  psos: PasswordPolicy[];
  ppolicies: Map<string, PasswordPolicy>;
  ppolicyDefault?: PasswordPolicy;
  platform?: PasswordPolicy;
  /** PSOs by the normalised DN they are linked to. */
  psosByTarget: Map<string, PasswordPolicy[]>;
  /** Global security groups containing each principal directly (principal index -> group indexes). */
  globalParents?: Map<number, number[]>;
  /** Global security groups by domain SID and RID (for primary groups). */
  globalByRid?: Map<string, number>;
}

/**
 * Resolves the password policy of accounts of an estate, by each directory's own rules:
 * - Active Directory (msDS-ResultantPSO): PSOs linked to the user directly win over those linked to its
 *   groups, whatever their precedence; among the same kind the lowest precedence wins (ties: lowest
 *   objectGUID); group links count only through global security groups the user belongs to, directly or
 *   nested in other global groups, its primary group included (RevMembGetAccountGroups, MS-DRSR 4.1.8.3;
 *   "PSOs can be applied only to user objects and global security groups", Microsoft Learn, fine-grained
 *   password policies). No PSO: the domain policy. Accounts that are not normal user accounts
 *   (computers, trusts) get no PSO.
 * - OpenLDAP ppolicy: the entry named by the account's pwdPolicySubentry, else the overlay's default.
 * - Entra ID: the platform's documented policy; a user synced from Active Directory is governed by its
 *   on-premises account's policy (password hash sync keeps the on-premises password), and a user with
 *   passwordPolicies DisablePasswordStrongPassword is not held to the platform's strength rules.
 */
export class PasswordPolicyResolver {
  private readonly bySource = new Map<string, SourceIndex>();
  private readonly bySid = new Map<string, number>();

  constructor(private readonly estate: Estate) {
    for (const p of estate.passwordPolicies) {
      const s = this.indexOf(p.source);
      s.policies.push(p);
      if (p.kind === 'ad-domain') s.domains.push(p);
      else if (p.kind === 'platform') s.platform = p;
      else if (p.kind === 'ppolicy') {
        s.ppolicies.set(normalizeDn(p.dn ?? p.id), p);
        if (p.isDefault) s.ppolicyDefault = p;
      } else {
        s.psos.push(p);
        for (const t of p.appliesTo ?? []) {
          const key = normalizeDn(t);
          s.psosByTarget.set(key, [...(s.psosByTarget.get(key) ?? []), p]);
        }
      }
    }
  }

  private indexOf(source: string): SourceIndex {
    let s = this.bySource.get(source);
    if (!s) this.bySource.set(source, (s = { policies: [], domains: [], psos: [], ppolicies: new Map(), psosByTarget: new Map() }));
    return s;
  }

  /** True when some policy was collected for the source. */
  hasPolicies(source: string): boolean {
    return (this.bySource.get(source)?.policies.length ?? 0) > 0;
  }

  resolve(a: number): GoverningPolicy {
    const acc = this.estate.principals.at(a) as AccountNode;
    const s = this.bySource.get(acc.source);
    if (!s || s.policies.length === 0)
      return { via: '', problem: `source ${acc.source} states no password policy (none was collected from it)` };
    if (acc.type === 'guest')
      return {
        via: 'guest',
        problem: 'a guest signs in with the credentials of its home directory, whose password policy is not visible here',
      };
    if (s.platform) return this.platformPolicy(acc, s.platform);
    if (s.domains.length || s.psos.length) return this.adPolicy(a, acc, s);
    return this.ppolicy(acc, s);
  }

  private platformPolicy(acc: AccountNode, platform: PasswordPolicy): GoverningPolicy {
    if (acc.onPremisesSid) {
      const onPrem = this.accountBySid(acc.onPremisesSid);
      if (onPrem === undefined)
        return {
          via: 'synced from Active Directory',
          problem: `synced from Active Directory (SID ${acc.onPremisesSid}): its password follows the on-premises policy, and that account was not collected`,
        };
      const r = this.resolve(onPrem);
      const on = this.estate.principals.at(onPrem) as AccountNode;
      return { ...r, via: `synced from ${on.source} (${on.samAccountName ?? on.name}): ${r.via}` };
    }
    const flags = (acc.attributes?.passwordPolicies ?? '').toLowerCase();
    if (flags.includes('disablepasswordstrongpassword'))
      return {
        policy: this.weakened(platform),
        via: 'platform policy, strength rules disabled for this user (passwordPolicies DisablePasswordStrongPassword)',
      };
    return { policy: platform, via: 'platform policy (documented)' };
  }

  private readonly weak = new Map<string, PasswordPolicy>();
  /** The platform policy for users exempted from its strength rules: one object per source, so findings group. */
  private weakened(platform: PasswordPolicy): PasswordPolicy {
    let w = this.weak.get(platform.source);
    if (!w)
      this.weak.set(
        platform.source,
        (w = {
          ...platform,
          id: 'platform:DisablePasswordStrongPassword',
          name: `${platform.name}, strength rules disabled per user`,
          minLength: undefined,
          complexity: false,
        }),
      );
    return w;
  }

  private adPolicy(a: number, acc: AccountNode, s: SourceIndex): GoverningPolicy {
    const domain = domainPolicyFor(acc, s.domains);
    const uac = acc.attributes?.userAccountControl === undefined ? undefined : Number(acc.attributes.userAccountControl);
    const normal = uac === undefined || (uac & UAC_NORMAL_ACCOUNT) !== 0;
    if (normal && s.psos.length) {
      const direct = acc.dn ? (s.psosByTarget.get(normalizeDn(acc.dn)) ?? []) : [];
      const d = winningPso(direct);
      if (d) return { policy: d, via: 'PSO linked to the account' };
      const viaGroup = new Map<PasswordPolicy, string>();
      for (const g of this.globalGroupsOf(a, acc, s)) {
        const node = this.estate.principals.at(g);
        if (node.kind !== 'group' || !node.dn) continue;
        for (const p of s.psosByTarget.get(normalizeDn(node.dn)) ?? []) if (!viaGroup.has(p)) viaGroup.set(p, node.name);
      }
      const w = winningPso([...viaGroup.keys()]);
      if (w) return { policy: w, via: `PSO linked to global group ${viaGroup.get(w)}` };
    }
    if (!domain) return { via: '', problem: `the domain object of ${acc.source} was not read: the default domain policy is unknown` };
    return { policy: domain, via: normal ? 'default domain policy' : 'default domain policy (not a normal user account: no PSO applies)' };
  }

  private ppolicy(acc: AccountNode, s: SourceIndex): GoverningPolicy {
    if (acc.passwordPolicyRef) {
      const p = s.ppolicies.get(normalizeDn(acc.passwordPolicyRef));
      return p
        ? { policy: p, via: 'pwdPolicySubentry' }
        : { via: 'pwdPolicySubentry', problem: `pwdPolicySubentry names ${acc.passwordPolicyRef}, which was not collected` };
    }
    if (s.ppolicyDefault) return { policy: s.ppolicyDefault, via: 'ppolicy overlay default' };
    return {
      via: '',
      problem: `no pwdPolicySubentry, and no default policy configured for ${acc.source} (passwordPolicyDefault): the policy in force cannot be shown`,
    };
  }

  /** Global security groups the account belongs to, directly, through nesting in global groups, or as primary group. */
  private globalGroupsOf(a: number, acc: AccountNode, s: SourceIndex): number[] {
    this.indexGroups(acc.source, s);
    const out = new Set<number>();
    const queue: number[] = [a];
    const rid = acc.primaryGroupId;
    const domain = this.estate.principals.sidDomain(a);
    if (rid !== undefined && domain !== undefined) {
      const pg = s.globalByRid!.get(`${domain}-${rid}`);
      if (pg !== undefined) {
        out.add(pg);
        queue.push(pg);
      }
    }
    for (let q = 0; q < queue.length; q++)
      for (const g of s.globalParents!.get(queue[q]!) ?? [])
        if (!out.has(g)) {
          out.add(g);
          queue.push(g);
        }
    return [...out];
  }

  private indexGroups(source: string, s: SourceIndex): void {
    if (s.globalParents) return;
    s.globalParents = new Map();
    s.globalByRid = new Map();
    const ps = this.estate.principals;
    for (let g = 0; g < ps.length; g++) {
      if (ps.kind(g) !== 'group' || ps.source(g) !== source) continue;
      const node = ps.at(g);
      if (node.kind !== 'group') continue;
      const type = node.attributes?.groupType === undefined ? undefined : Number(node.attributes.groupType) >>> 0;
      if (type === undefined || (type & GROUP_TYPE_GLOBAL) === 0 || (type & GROUP_TYPE_SECURITY) === 0) continue;
      const members = ps.members(g);
      for (let k = 0; k < members.length; k++) {
        const m = members[k]!;
        s.globalParents.set(m, [...(s.globalParents.get(m) ?? []), g]);
      }
      const domain = ps.sidDomain(g);
      if (domain !== undefined) s.globalByRid.set(`${domain}-${ps.sidRid(g)}`, g);
    }
  }

  private accountBySid(sid: string): number | undefined {
    if (this.bySid.size === 0)
      this.estate.principals.forEach((p, i) => {
        if (p.kind === 'account' && p.sid) this.bySid.set(p.sid.toUpperCase(), i);
      });
    return this.bySid.get(sid.toUpperCase());
  }
}

/** The domain policy of the account's own domain: the domain object whose DN ends its DN (the only one otherwise). */
function domainPolicyFor(acc: AccountNode, domains: readonly PasswordPolicy[]): PasswordPolicy | undefined {
  if (domains.length <= 1) return domains[0];
  const dn = acc.dn ? normalizeDn(acc.dn) : '';
  return [...domains]
    .filter((d) => dn.endsWith(normalizeDn(d.dn ?? d.id)))
    .sort((x, y) => (y.dn ?? y.id).length - (x.dn ?? x.id).length)[0];
}

const resolvers = new WeakMap<Estate, PasswordPolicyResolver>();
/** One resolver per estate: the three CIP-007 R5 rules of a run share it. */
export function passwordPolicyResolver(estate: Estate): PasswordPolicyResolver {
  let r = resolvers.get(estate);
  if (!r) resolvers.set(estate, (r = new PasswordPolicyResolver(estate)));
  return r;
}
