import { describe, expect, it } from 'vitest';
import type { CollectedSource } from '../../src/model/collected.js';
import { zoneSeparation } from '../../src/rules/zone-separation.js';
import { config, estateOf, findingsOf, group, person, source, user } from '../helpers/estate-builder.js';

/*
 * Residency vs credentials, baseline entitlements and the hybrid allowance, on a two-forest estate with an
 * OT tenant. Sources of the behaviour:
 * - [SG]  Microsoft Learn, "Active Directory security groups" (windows-server/identity/ad-ds/manage/understand-security-groups):
 *         Domain Users holds every user account of the domain and is its primary group by default; domain local
 *         groups can hold members of trusted domains (as foreignSecurityPrincipals); BUILTIN\Administrators is S-1-5-32-544.
 * - [SID] Microsoft Learn, "Security identifiers" (windows-server/identity/ad-ds/manage/understand-security-identifiers) and
 *         "Well-known SIDs" (windows/win32/secauthz/well-known-sids): Domain Users = <domain>-513, Authenticated Users S-1-5-11.
 * - [PG]  Microsoft Learn, "primaryGroupID attribute" (windows/win32/adschema/a-primarygroupid): the primary group is not
 *         listed in the group's `member`; the account names it by RID.
 * - [RNG] Microsoft Learn, "Searching Using Range Retrieval" (windows/win32/adsi/attribute-range-retrieval): a large
 *         `member` is returned in ranges; every range belongs to the one group.
 * - [PIM] Microsoft Learn, "Privileged Identity Management (PIM) for Groups" (entra/id-governance/privileged-identity-management/concept-pim-for-groups):
 *         an eligible member can activate the membership at will; and "Assign Microsoft Entra roles in PIM": an
 *         eligible role assignment can be activated by the assignee.
 * - [ROLES] Microsoft Learn, "Microsoft Entra built-in roles" (entra/identity/role-based-access-control/permissions-reference):
 *         template ids, e.g. Global Reader f2ef992c-3afb-46b9-b7cf-a126ee74c451 (read-only), Privileged Role Administrator
 *         e8611ab8-c189-46e8-94e1-60213ab1f814.
 * - [DYN] Microsoft Learn, "Dynamic membership rules for groups" (entra/identity/users/groups-dynamic-membership): a
 *         tenant-wide "all users" group is a dynamic group every member user is in.
 * - [DOM] ../shared design, DOMAIN.md section 3 (residency vs credentials, baseline) and section 5 (hybrid allowance).
 */

const IT = 'S-1-5-21-1111-2222-3333';
const OT = 'S-1-5-21-4444-5555-6666';
const IT_DN = 'DC=corp,DC=example';
const OT_DN = 'DC=ot,DC=example';
const GLOBAL_READER = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451';
const PRIV_ROLE_ADMIN = 'e8611ab8-c189-46e8-94e1-60213ab1f814';

type Rec = Record<string, unknown>;

const roster = source('hr', {
  persons: [
    person('P1', { name: 'Pat', employeeId: 'E1', department: 'Threat Intelligence' }),
    person('P2', { name: 'Omar', employeeId: 'E2', department: 'OT Operations' }),
    person('P3', { name: 'Sam', employeeId: 'E3', department: 'Security Operations' }),
  ],
});

const domainUsers = (domainSid: string, dn: string, members: string[] = []) =>
  group('domain-users', members, { name: 'Domain Users', sid: `${domainSid}-513`, dn: `CN=Domain Users,CN=Users,${dn}` });
const itGroup = (id: string, name: string, members: string[], rid: number, ou = 'OU=SOC') =>
  group(id, members, { name, sid: `${IT}-${rid}`, dn: `CN=${name},${ou},${IT_DN}` });
const otGroup = (id: string, name: string, members: string[], rid: number) =>
  group(id, members, { name, sid: `${OT}-${rid}`, dn: `CN=${name},OU=Groups,${OT_DN}` });

/** Pat's IT account: Domain Users as primary group [SG][PG]. */
const patIt = (extra: Rec = {}) =>
  user('pat', { employeeId: 'E1', upn: 'pat@corp.example', sid: `${IT}-1101`, primaryGroupId: 513, ...extra });
const patOt = (extra: Rec = {}) =>
  user('pat-ot', { employeeId: 'E1', upn: 'pat-ot@ot.example', sid: `${OT}-1101`, primaryGroupId: 513, ...extra });

/** The IT forest with Pat in the allowed read-only SOC group (under OU=SOC, so it is IT SOC access). */
const itAd = (accounts: Rec[] = [patIt()], groups: Rec[] = [itGroup('soc-ro', 'SOC-ReadOnly', ['pat'], 2001)], foreign: Rec[] = []) =>
  source('it-ad', { accounts, groups: [domainUsers(IT, IT_DN), ...groups], foreign });
/** The OT forest with Pat's OT account in the allowed historian read-only group. */
const otAd = (accounts: Rec[] = [patOt()], groups: Rec[] = [], foreign: Rec[] = [], readOnlyMembers = ['pat-ot']) =>
  source('ot-ad', {
    accounts,
    groups: [domainUsers(OT, OT_DN), otGroup('ot-ro', 'OT-Historian-ReadOnly', readOnlyMembers, 3001), ...groups],
    foreign,
  });
const otEntra = (parts: { accounts?: Rec[]; groups?: Rec[]; roleAssignments?: Rec[] }) =>
  source('ot-entra', {
    accounts: parts.accounts ?? [user('pat-e', { employeeId: 'E1', upn: 'pat@otcorp.onmicrosoft.com' })],
    groups: parts.groups ?? [],
    roleAssignments: parts.roleAssignments ?? [
      { id: 'ra-gr', roleId: GLOBAL_READER, roleName: 'Global Reader', principal: 'pat-e', state: 'active' },
    ],
  });

/** "IT SOC access is entitlements only, OT is any account" (the example in docs/rules/zone-separation.md). */
const cfgOf = (itCredentials: 'accounts' | 'entitlements' = 'entitlements', extra: Rec = {}) =>
  config({
    zones: [
      {
        id: 'it',
        sources: ['it-ad', 'it-entra'],
        credentials: itCredentials,
        entitlements: [{ source: 'it-ad', dnSubtree: `OU=SOC,${IT_DN}` }],
      },
      { id: 'ot', sources: ['ot-ad', 'ot-entra'] },
    ],
    populations: {
      soc: { department: ['Security Operations', 'Threat Intelligence', 'OT Operations'] },
      team: { department: ['Threat Intelligence'] },
    },
    entitlementSets: {
      'read-only': [
        { source: 'it-ad', name: 'SOC-ReadOnly' },
        { source: 'ot-ad', name: 'OT-Historian-ReadOnly' },
        { source: 'ot-entra', type: 'role', ids: [GLOBAL_READER] },
      ],
    },
    ...extra,
  });
const options = { zones: ['it', 'ot'], scope: 'soc', allow: [{ population: 'team', entitlements: 'read-only' }] };

interface Case {
  name: string;
  sources: CollectedSource[];
  cfg?: ReturnType<typeof config>;
  /** Expected answer, written from the documentation: the person who fires, or nobody. */
  fires: string | null;
  /** The first OT chain (names, with the via of each step) when it fires. */
  otChain?: [string, string | undefined][];
  /** What lies beyond the allowance, when the allowance applies. */
  beyond?: string[];
}

const many = Array.from({ length: 2999 }, (_, i) => user(`m${i}`, { sid: `${OT}-${5000 + i}`, primaryGroupId: 513 }));

const cases: Case[] = [
  {
    // [DOM] 5: an account holding only allowed and baseline entitlements is allowed; [SG] Domain Users as primary group.
    name: 'allowed analyst with read-only entitlements in both zones and Domain Users as primary group',
    sources: [roster, itAd(), otAd()],
    fires: null,
  },
  {
    // [SG] nesting: members of a group nested into another hold both; [DOM] 5: the allowed read-only group nested into an OT
    // admin group means Pat holds the OT admin group, which is beyond the allowance.
    name: 'allowed analyst whose read-only OT group is nested into an OT admin group',
    sources: [roster, itAd(), otAd(undefined, [otGroup('ot-admins', 'OT-Admins', ['ot-ro'], 1105)])],
    fires: 'P1',
    otChain: [
      ['Pat', undefined],
      ['pat-ot@ot.example', 'correlated'],
      ['OT-Historian-ReadOnly', 'member'],
      ['OT-Admins', 'member'],
    ],
    beyond: ['OT-Admins (ot-ad)'],
  },
  {
    // [SG] nesting through a non-allowed group.
    name: 'allowed analyst holding an OT admin group through a nested shift group',
    sources: [
      roster,
      itAd(),
      otAd(undefined, [otGroup('ot-shift', 'OT-Shift', ['pat-ot'], 1106), otGroup('ot-admins', 'OT-Admins', ['ot-shift'], 1105)]),
    ],
    fires: 'P1',
    otChain: [
      ['Pat', undefined],
      ['pat-ot@ot.example', 'correlated'],
      ['OT-Shift', 'member'],
      ['OT-Admins', 'member'],
    ],
    beyond: ['OT-Admins (ot-ad)', 'OT-Shift (ot-ad)'],
  },
  {
    // [PG] the primary group is held although `member` of OT-Admins does not list the account.
    name: 'allowed analyst whose OT primary group is the OT admin group',
    sources: [roster, itAd(), otAd([patOt({ primaryGroupId: 1105 })], [otGroup('ot-admins', 'OT-Admins', [], 1105)])],
    fires: 'P1',
    otChain: [
      ['Pat', undefined],
      ['pat-ot@ot.example', 'correlated'],
      ['OT-Admins', 'primary-group'],
    ],
    beyond: ['OT-Admins (ot-ad)'],
  },
  {
    // [SG] Domain Users is a group like any other: nested into OT-Admins, every account of the domain holds OT-Admins;
    // [DOM] 3: the baseline group does not end the chain, the chain runs through it.
    name: 'allowed analyst reaching the OT admin group through Domain Users nested into it',
    sources: [roster, itAd(), otAd(undefined, [otGroup('ot-admins', 'OT-Admins', ['domain-users'], 1105)])],
    fires: 'P1',
    otChain: [
      ['Pat', undefined],
      ['pat-ot@ot.example', 'correlated'],
      ['Domain Users', 'primary-group'],
      ['OT-Admins', 'member'],
    ],
    beyond: ['OT-Admins (ot-ad)'],
  },
  {
    // [RNG] a group whose member list is returned in ranges (3000 members > 1500 per range) holds every member.
    name: 'allowed analyst in an OT admin group with 3000 members',
    sources: [
      roster,
      itAd(),
      otAd([patOt(), ...many], [otGroup('ot-admins', 'OT-Admins', [...many.map((m) => m.id as string), 'pat-ot'], 1105)]),
    ],
    fires: 'P1',
    otChain: [
      ['Pat', undefined],
      ['pat-ot@ot.example', 'correlated'],
      ['OT-Admins', 'member'],
    ],
    beyond: ['OT-Admins (ot-ad)'],
  },
  {
    // [PIM] an eligible role counts as held; [ROLES] Global Reader is read-only (allowed), Privileged Role Administrator is not.
    name: 'allowed analyst with Global Reader and an eligible Privileged Role Administrator in the OT tenant',
    sources: [
      roster,
      itAd(),
      otAd(),
      otEntra({
        roleAssignments: [
          { id: 'ra-gr', roleId: GLOBAL_READER, roleName: 'Global Reader', principal: 'pat-e', state: 'active' },
          { id: 'ra-pra', roleId: PRIV_ROLE_ADMIN, roleName: 'Privileged Role Administrator', principal: 'pat-e', state: 'eligible' },
        ],
      }),
    ],
    fires: 'P1',
    otChain: [
      ['Pat', undefined],
      ['pat@otcorp.onmicrosoft.com', 'correlated'],
      ['Privileged Role Administrator', 'role-eligible'],
    ],
    beyond: ['Privileged Role Administrator (ot-entra)'],
  },
  {
    // [PIM] for Groups: eligible membership (assignment kind group-member, state eligible) holds the group.
    name: 'allowed analyst eligible (PIM for Groups) for an OT tenant admin group',
    sources: [
      roster,
      itAd(),
      otAd(),
      otEntra({
        groups: [group('g-admins', [], { name: 'OT-Entra-Admins' })],
        roleAssignments: [
          { id: 'ra-gr', roleId: GLOBAL_READER, roleName: 'Global Reader', principal: 'pat-e', state: 'active' },
          {
            id: 'pim-g',
            roleId: 'g-admins',
            roleName: 'member',
            principal: 'pat-e',
            state: 'eligible',
            assignmentKind: 'group-member',
          },
        ],
      }),
    ],
    fires: 'P1',
    otChain: [
      ['Pat', undefined],
      ['pat@otcorp.onmicrosoft.com', 'correlated'],
      ['OT-Entra-Admins', 'role-eligible'],
    ],
    beyond: ['OT-Entra-Admins (ot-entra)'],
  },
  {
    // [DYN] a tenant-wide dynamic "all users" group is in the OT tenant and so grants OT unless declared baseline.
    name: 'allowed analyst in the OT tenant\'s "All Users" dynamic group, not declared baseline',
    sources: [roster, itAd(), otEntra({ groups: [group('g-all', ['pat-e'], { name: 'All Users' })] })],
    fires: 'P1',
    otChain: [
      ['Pat', undefined],
      ['pat@otcorp.onmicrosoft.com', 'correlated'],
      ['All Users', 'member'],
    ],
    beyond: ['All Users (ot-entra)'],
  },
  {
    // [DOM] 3: baseline entitlements are configurable per source; declared, "All Users" is not beyond the allowance.
    name: 'allowed analyst in the OT tenant\'s "All Users" dynamic group declared baseline',
    sources: [roster, itAd(), otEntra({ groups: [group('g-all', ['pat-e'], { name: 'All Users' })] })],
    cfg: cfgOf('entitlements', { baseline: { entitlements: [{ source: 'ot-entra', name: 'All Users' }] } }),
    fires: null,
  },
  {
    // [DOM] 3: with IT credentials = entitlements, an OT analyst's ordinary corporate account (mail, HR) is not IT access.
    name: "an OT analyst's plain corporate IT account when IT counts entitlements only",
    sources: [
      roster,
      itAd(
        [user('omar', { employeeId: 'E2', upn: 'omar@corp.example', sid: `${IT}-1102`, primaryGroupId: 513 })],
        [itGroup('staff', 'Corp-Staff', ['omar'], 2100, 'OU=Staff')],
      ),
      otAd(
        [user('omar-ot', { employeeId: 'E2', upn: 'omar-ot@ot.example', sid: `${OT}-1102`, primaryGroupId: 513 })],
        [otGroup('ot-eng', 'OT-Engineers', ['omar-ot'], 1200)],
      ),
    ],
    fires: null,
  },
  {
    // The same estate with IT counting accounts (the default): the corporate account is IT access.
    name: "an OT analyst's plain corporate IT account when IT counts accounts",
    sources: [
      roster,
      itAd(
        [user('omar', { employeeId: 'E2', upn: 'omar@corp.example', sid: `${IT}-1102`, primaryGroupId: 513 })],
        [itGroup('staff', 'Corp-Staff', ['omar'], 2100, 'OU=Staff')],
      ),
      otAd(
        [user('omar-ot', { employeeId: 'E2', upn: 'omar-ot@ot.example', sid: `${OT}-1102`, primaryGroupId: 513 })],
        [otGroup('ot-eng', 'OT-Engineers', ['omar-ot'], 1200)],
      ),
    ],
    cfg: cfgOf('accounts'),
    fires: 'P2',
    otChain: [
      ['Omar', undefined],
      ['omar-ot@ot.example', 'correlated'],
      ['OT-Engineers', 'member'],
    ],
  },
  {
    // [DOM] 5: one plain account (the analyst's home) and read-only entitlements elsewhere are within the allowance.
    name: 'allowed analyst with a plain OT account (Domain Users only) and the read-only IT SOC group',
    sources: [roster, itAd(), otAd(undefined, [], [], [])],
    fires: null,
  },
  {
    // [DOM] 5: plain accounts in both zones (any account is a credential where accounts count) are not read-only roles.
    name: 'allowed analyst with plain accounts in both zones when both count accounts',
    sources: [roster, itAd(undefined, []), otAd(undefined, [], [], [])],
    cfg: cfgOf('accounts'),
    fires: 'P1',
    otChain: [
      ['Pat', undefined],
      ['pat-ot@ot.example', 'correlated'],
    ],
    beyond: ['account pat@corp.example (it)', 'account pat-ot@ot.example (ot)'],
  },
];

describe('zone-separation: residency vs credentials, baseline and the hybrid allowance', () => {
  it.each(cases)('$name', (c) => {
    const findings = findingsOf(zoneSeparation, options, estateOf(...c.sources), c.cfg ?? cfgOf());
    if (c.fires === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings.map((f) => f.subject.id)).toEqual([c.fires]);
    const f = findings[0]!;
    expect(f.zones).toEqual(['it', 'ot']);
    const ot = f.chains.find((ch) => ch.zone === 'ot')!;
    const steps = ot.steps.map((s) => [s.name, s.via]);
    expect(steps).toEqual(c.otChain);
    expect(ot.steps.at(-1)!.grants).toContain('ot');
    if (c.beyond) expect(f.details?.beyondAllowance).toEqual(c.beyond);
  });

  it('names at most the shown entitlements beyond the allowance and counts the rest', () => {
    // [DOM] 4: capped, with the count of the rest. Twelve OT groups beyond the allowance, ten chains shown in OT.
    const extra = Array.from({ length: 12 }, (_, i) => otGroup(`x${i}`, `OT-X${String(i).padStart(2, '0')}`, ['pat-ot'], 1400 + i));
    const [f] = findingsOf(zoneSeparation, options, estateOf(roster, itAd(), otAd(undefined, extra)), cfgOf());
    expect(f!.details?.beyondAllowance).toEqual(extra.slice(0, 10).map((g) => `${g.name as string} (ot-ad)`));
    expect(f!.details?.beyondAllowanceNotShown).toBe(2);
    expect(f!.details?.notShown).toEqual({ ot: 3 });
    expect(f!.message).toMatch(/OT-X09 \(ot-ad\) and 2 more$/);
  });

  it('a foreign-principal chain to BUILTIN\\Administrators shows every domain-local group on the way, admin group first', () => {
    // [SG]: domain local groups may hold foreignSecurityPrincipals of a trusted forest; Administrators is S-1-5-32-544.
    const fsp = `CN=${IT}-1103,CN=ForeignSecurityPrincipals,${OT_DN}`;
    const estate = estateOf(
      roster,
      itAd(
        [user('sam', { employeeId: 'E3', upn: 'sam@corp.example', sid: `${IT}-1103`, primaryGroupId: 513 })],
        [itGroup('soc-an', 'SOC-Analysts', ['sam'], 2002)],
      ),
      source('ot-ad', {
        foreign: [{ id: fsp, sid: `${IT}-1103` }],
        groups: [
          domainUsers(OT, OT_DN),
          group('dl-jump', [fsp], { name: 'DL-Jump', sid: `${OT}-1301`, dn: `CN=DL-Jump,OU=Groups,${OT_DN}` }),
          group('dl-ops', ['dl-jump'], { name: 'DL-Ops', sid: `${OT}-1302`, dn: `CN=DL-Ops,OU=Groups,${OT_DN}` }),
          group('builtin-admins', ['dl-ops'], { name: 'Administrators', sid: 'S-1-5-32-544', dn: `CN=Administrators,CN=Builtin,${OT_DN}` }),
        ],
      }),
    );
    const findings = findingsOf(zoneSeparation, options, estate, cfgOf());
    expect(findings.map((f) => f.subject.id)).toEqual(['P3']);
    const ot = findings[0]!.chains.filter((c) => c.zone === 'ot').map((c) => c.steps.map((s) => s.name));
    expect(ot).toEqual([
      ['Sam', 'sam@corp.example', `${IT}-1103`, 'DL-Jump', 'DL-Ops', 'Administrators'],
      ['Sam', 'sam@corp.example', `${IT}-1103`, 'DL-Jump'],
      ['Sam', 'sam@corp.example', `${IT}-1103`, 'DL-Jump', 'DL-Ops'],
    ]);
    const it = findings[0]!.chains.filter((c) => c.zone === 'it').map((c) => c.steps.map((s) => s.name));
    expect(it).toEqual([['Sam', 'sam@corp.example', 'SOC-Analysts']]);
  });
});
