import { describe, expect, it } from 'vitest';
import { zoneSeparation } from '../../src/rules/zone-separation.js';
import { config, contextOf, estateOf, findingsOf, group, person, source, user } from '../helpers/estate-builder.js';

const ITSID = 'S-1-5-21-1-2-3';
const roster = (...extra: Record<string, unknown>[]) =>
  source('hr', { persons: [person('P1', { name: 'Pat', employeeId: 'E1', email: 'pat@corp.example', department: 'SOC' }), ...extra] });
const zonesWithOtGroups = {
  zones: [
    { id: 'it', sources: ['it'] },
    {
      id: 'ot',
      sources: ['ot'],
      entitlements: [
        { source: 'it', name: 'OT-*' },
        { source: 'it', dnSubtree: 'OU=OT,DC=corp' },
        { source: 'it', type: 'role', name: 'OT *' },
      ],
    },
  ],
};
const itUser = (extra: Record<string, unknown> = {}) => user('u1', { employeeId: 'E1', upn: 'pat@corp.example', ...extra });

interface Case {
  name: string;
  sources: ReturnType<typeof source>[];
  cfg?: Record<string, unknown>;
  options?: Record<string, unknown>;
  /** Names that must appear in the OT chain, in order, when the rule fires. */
  chain?: string[];
}

const fires: Case[] = [
  {
    name: 'accounts in an IT and an OT source',
    sources: [roster(), source('it', { accounts: [itUser()] }), source('ot', { accounts: [user('o1', { employeeId: 'E1' })] })],
    chain: ['Pat', 'o1'],
  },
  {
    name: 'a nested group in the IT directory that grants OT access',
    sources: [
      roster(),
      source('it', { accounts: [itUser()], groups: [group('SOC', ['u1']), group('Tier2', ['SOC']), group('OT-Remote', ['Tier2'])] }),
    ],
    cfg: zonesWithOtGroups,
    chain: ['Pat', 'pat@corp.example', 'SOC', 'Tier2', 'OT-Remote'],
  },
  {
    name: 'a nesting cycle on the way to the OT group',
    sources: [
      roster(),
      source('it', { accounts: [itUser()], groups: [group('A', ['u1', 'B']), group('B', ['A']), group('OT-Remote', ['B'])] }),
    ],
    cfg: zonesWithOtGroups,
    chain: ['Pat', 'pat@corp.example', 'A', 'B', 'OT-Remote'],
  },
  {
    name: 'the AD primary group (not in member)',
    sources: [
      roster(),
      source('it', {
        accounts: [itUser({ sid: `${ITSID}-1100`, primaryGroupId: 3105 })],
        groups: [group('vpn', [], { name: 'VPN', sid: `${ITSID}-3105`, dn: 'CN=VPN,OU=OT,DC=corp' })],
      }),
    ],
    cfg: zonesWithOtGroups,
    chain: ['Pat', 'pat@corp.example', 'VPN'],
  },
  {
    name: 'a foreign security principal in the OT forest resolved by SID',
    sources: [
      roster(),
      source('it', { accounts: [itUser({ sid: `${ITSID}-1100` })] }),
      source('ot', {
        foreign: [{ id: `CN=${ITSID}-1100,CN=ForeignSecurityPrincipals,DC=ot`, sid: `${ITSID}-1100` }],
        groups: [group('Jump', [`CN=${ITSID}-1100,CN=ForeignSecurityPrincipals,DC=ot`])],
      }),
    ],
    chain: ['Pat', 'pat@corp.example', `${ITSID}-1100`, 'Jump'],
  },
  {
    name: 'a PIM-eligible role that grants OT',
    sources: [
      roster(),
      source('it', {
        accounts: [itUser()],
        roleAssignments: [{ id: 'r1', roleId: 'x', roleName: 'OT Gateway Admin', principal: 'u1', state: 'eligible' }],
      }),
    ],
    cfg: zonesWithOtGroups,
    chain: ['Pat', 'pat@corp.example', 'OT Gateway Admin'],
  },
  {
    name: 'a B2B guest of the IT tenant in the OT tenant',
    sources: [
      roster(),
      source('it', { accounts: [itUser()] }),
      source('ot', { accounts: [user('g1', { type: 'guest', upn: 'PAT_corp.example#EXT#@ot.onmicrosoft.com' })] }),
    ],
    chain: ['Pat', 'PAT_corp.example#EXT#@ot.onmicrosoft.com'],
  },
  {
    name: 'keys that differ only in case and whitespace',
    sources: [
      roster(),
      source('it', { accounts: [user('u1', { mail: '  PAT@Corp.Example ' })] }),
      source('ot', { accounts: [user('o1', { employeeId: ' e1 ' })] }),
    ],
  },
  {
    name: 'a correlation-team member holding a non-allowed OT group',
    sources: [
      source('hr', { persons: [person('P1', { name: 'Pat', employeeId: 'E1', department: 'TI' })] }),
      source('it', { accounts: [user('u1', { employeeId: 'E1' })] }),
      source('ot', {
        accounts: [user('o1', { employeeId: 'E1' })],
        groups: [group('Engineers', ['o1'])],
        roleAssignments: [{ id: 'r', roleId: 'gr', roleName: 'Global Reader', principal: 'o1', state: 'active' }],
      }),
    ],
    cfg: { populations: { team: { department: ['TI'] } }, entitlementSets: { ro: [{ type: 'role', name: 'Global Reader' }] } },
    options: { allow: [{ population: 'team', entitlements: 'ro' }] },
    chain: ['Pat', 'o1', 'Engineers'],
  },
];

const doesNotFire: Case[] = [
  { name: 'only IT credentials', sources: [roster(), source('it', { accounts: [itUser()] })] },
  {
    name: 'a disabled OT account',
    sources: [
      roster(),
      source('it', { accounts: [itUser()] }),
      source('ot', { accounts: [user('o1', { employeeId: 'E1', enabled: false })] }),
    ],
  },
  {
    name: 'an expired OT account',
    sources: [
      roster(),
      source('it', { accounts: [itUser()] }),
      source('ot', { accounts: [user('o1', { employeeId: 'E1', expiresAt: '2026-11-25T11:59:59Z' })] }),
    ],
  },
  {
    name: 'a distribution group that is zoned OT',
    sources: [roster(), source('it', { accounts: [itUser()], groups: [group('OT-List', ['u1'], { groupKind: 'distribution' })] })],
    cfg: zonesWithOtGroups,
  },
  {
    name: 'a Microsoft 365 group that is zoned OT',
    sources: [roster(), source('it', { accounts: [itUser()], groups: [group('OT-Team', ['u1'], { groupKind: 'unified' })] })],
    cfg: zonesWithOtGroups,
  },
  {
    name: 'a security group nested in a distribution group does not pass the distribution group on',
    sources: [
      roster(),
      source('it', { accounts: [itUser()], groups: [group('List', ['u1'], { groupKind: 'distribution' }), group('OT-Remote', ['List'])] }),
    ],
    cfg: zonesWithOtGroups,
  },
  {
    name: 'an expired eligible role',
    sources: [
      roster(),
      source('it', {
        accounts: [itUser()],
        roleAssignments: [
          { id: 'r1', roleId: 'x', roleName: 'OT Gateway Admin', principal: 'u1', state: 'eligible', endsAt: '2026-11-01T00:00:00Z' },
        ],
      }),
    ],
    cfg: zonesWithOtGroups,
  },
  {
    name: 'a person outside the scope population',
    sources: [roster(), source('it', { accounts: [itUser()] }), source('ot', { accounts: [user('o1', { employeeId: 'E1' })] })],
    cfg: { populations: { soc: { department: ['Grid Operations'] } } },
    options: { scope: 'soc' },
  },
  {
    name: 'a correlation-team member whose OT account only carries allowed read-only roles',
    sources: [
      source('hr', { persons: [person('P1', { name: 'Pat', employeeId: 'E1', department: 'TI' })] }),
      source('it', { accounts: [user('u1', { employeeId: 'E1' })] }),
      source('ot', {
        accounts: [user('o1', { employeeId: 'E1' })],
        roleAssignments: [{ id: 'r', roleId: 'gr', roleName: 'Global Reader', principal: 'o1', state: 'active' }],
      }),
    ],
    cfg: { populations: { team: { department: ['TI'] } }, entitlementSets: { ro: [{ type: 'role', name: 'Global Reader' }] } },
    options: { allow: [{ population: 'team', entitlements: 'ro' }] },
  },
];

const opts = (c: Case) => ({ zones: ['it', 'ot'], ...c.options });

describe('zone-separation', () => {
  it.each(fires.filter((c) => c.name !== 'ownership of an OT service principal'))('fires: $name', (c) => {
    const findings = findingsOf(zoneSeparation, opts(c), estateOf(...c.sources), config(c.cfg));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.subject).toMatchObject({ type: 'person', id: 'P1' });
    expect(findings[0]!.zones).toEqual(['it', 'ot']);
    if (c.chain) {
      const ot = findings[0]!.chains.find((ch) => ch.zone === 'ot')!;
      expect(ot.steps.map((s) => s.name)).toEqual(c.chain);
      expect(ot.steps.at(-1)!.grants).toContain('ot');
    }
  });

  it('fires: owning a service principal that holds OT access (the owner can act as it)', () => {
    const estate = estateOf(
      roster(),
      source('it', {
        accounts: [itUser(), user('sp1', { type: 'servicePrincipal', owners: ['u1'] })],
        groups: [group('OT-Gateway-Apps', ['sp1'])],
      }),
    );
    const findings = findingsOf(zoneSeparation, { zones: ['it', 'ot'] }, estate, config(zonesWithOtGroups));
    expect(findings).toHaveLength(1);
    const ot = findings[0]!.chains.find((ch) => ch.zone === 'ot')!;
    expect(ot.steps.map((s) => [s.name, s.via])).toEqual([
      ['Pat', undefined],
      ['pat@corp.example', 'correlated'],
      ['sp1', 'owner'],
      ['OT-Gateway-Apps', 'member'],
    ]);
  });

  it.each(doesNotFire)('does not fire: $name', (c) => {
    expect(findingsOf(zoneSeparation, opts(c), estateOf(...c.sources), config(c.cfg))).toEqual([]);
  });

  it('reports accounts attributed to no person that hold both zones', () => {
    const estate = estateOf(
      roster(),
      source('it', {
        groups: [group('Share', ['CN=S-1-5-21-9-9-9-77,CN=FSP,DC=it'])],
        foreign: [{ id: 'CN=S-1-5-21-9-9-9-77,CN=FSP,DC=it', sid: 'S-1-5-21-9-9-9-77' }],
      }),
      source('ot', { accounts: [user('svc', { type: 'service', sid: 'S-1-5-21-9-9-9-77' })] }),
    );
    const findings = findingsOf(zoneSeparation, { zones: ['it', 'ot'], subjects: 'unattributed-accounts' }, estate);
    expect(findings.map((f) => f.subject.id)).toEqual(['svc']);
    expect(findingsOf(zoneSeparation, { zones: ['it', 'ot'] }, estate)).toEqual([]);
  });

  it('is not evaluated for an unknown zone', () => {
    const out = zoneSeparation.evaluate(contextOf(estateOf(roster())), zoneSeparation.options.parse({ zones: ['it', 'dmz'] }));
    expect(out).toEqual({ notEvaluated: 'zone "dmz" is not defined in the configuration' });
  });
});
