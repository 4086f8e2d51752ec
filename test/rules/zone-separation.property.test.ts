import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zoneSeparation } from '../../src/rules/zone-separation.js';
import { config, estateOf, findingsOf, group, person, source, user } from '../helpers/estate-builder.js';

/*
 * Properties of the allowance and of baseline entitlements (DOMAIN.md sections 3 and 5):
 * - baseline entitlements (Domain Users, BUILTIN\Users: Microsoft Learn "Well-known SIDs") never grant a zone, even when
 *   a zone's selector matches them, so persons holding nothing else never fire;
 * - holding more never removes a finding: adding a non-allowed entitlement never does, and adding an allowed entitlement
 *   never removes a finding that names an entitlement beyond the allowance.
 */

const SID = { it: 'S-1-5-21-1-1-1', ot: 'S-1-5-21-2-2-2' } as const;
type Zone = keyof typeof SID;
const PERSONS = [0, 1, 2];
const GROUPS: Record<Zone, string[]> = { it: ['du', 'RO-IT', 'G-IT-0', 'G-IT-1', 'OT-Bridge'], ot: ['du', 'RO-OT', 'G-OT-0', 'G-OT-1'] };

const edgeArb = fc.record({ zone: fc.constantFrom<Zone>('it', 'ot'), member: fc.nat(20), group: fc.nat(20) });
const estateArb = fc.record({
  itCredentials: fc.constantFrom('accounts', 'entitlements'),
  edges: fc.array(edgeArb, { minLength: 5, maxLength: 25, size: 'max' }),
  /** The allowed person and zone that receives one more read-only membership. */
  extra: fc.record({ person: fc.constantFrom(0, 1), zone: fc.constantFrom<Zone>('it', 'ot') }),
});
type Edge = { zone: Zone; member: number; group: number };

function build(edges: Edge[]) {
  const members = (z: Zone) => {
    const m = new Map(GROUPS[z].map((g) => [g, new Set<string>()]));
    const ids = [...PERSONS.map((p) => `${z}${p}`), ...GROUPS[z]];
    for (const e of edges.filter((x) => x.zone === z)) {
      const g = GROUPS[z][e.group % GROUPS[z].length]!;
      const who = ids[e.member % ids.length]!;
      if (who !== g) m.get(g)!.add(who);
    }
    return m;
  };
  const dir = (z: Zone) => {
    const m = members(z);
    return source(z, {
      accounts: PERSONS.map((p) => user(`${z}${p}`, { employeeId: `E${p}`, sid: `${SID[z]}-${1100 + p}`, primaryGroupId: 513 })),
      groups: GROUPS[z].map((g, k) =>
        group(g, [...m.get(g)!], { name: g === 'du' ? 'Domain Users' : g, sid: `${SID[z]}-${g === 'du' ? 513 : 3000 + k}` }),
      ),
    });
  };
  const roster = source('hr', { persons: PERSONS.map((p) => person(`P${p}`, { employeeId: `E${p}`, department: p < 2 ? 'TI' : 'SOC' })) });
  return estateOf(roster, dir('it'), dir('ot'));
}

const cfgOf = (itCredentials: string, itSelectors: Record<string, unknown>[] = [{ source: 'it', name: 'RO-IT' }]) =>
  config({
    zones: [
      { id: 'it', sources: ['it'], credentials: itCredentials, entitlements: itSelectors },
      { id: 'ot', sources: ['ot'], entitlements: [{ source: 'it', name: 'OT-*' }] },
    ],
    populations: { team: { department: ['TI'] } },
    entitlementSets: { ro: [{ name: 'RO-*' }] },
  });
const opts = { zones: ['it', 'ot'], allow: [{ population: 'team', entitlements: 'ro' }] };

describe('zone-separation properties', () => {
  it('adding an allowed entitlement never removes a finding beyond the allowance; adding any other never removes one', () => {
    fc.assert(
      fc.property(estateArb, ({ itCredentials, edges, extra }) => {
        const cfg = cfgOf(itCredentials);
        const before = findingsOf(zoneSeparation, opts, build(edges), cfg);
        const roGroup = GROUPS[extra.zone].indexOf(extra.zone === 'it' ? 'RO-IT' : 'RO-OT');
        const withAllowed = findingsOf(
          zoneSeparation,
          opts,
          build([...edges, { zone: extra.zone, member: extra.person, group: roGroup }]),
          cfg,
        );
        const kept = (f: (typeof before)[number]) =>
          ((f.details?.beyondAllowance as string[] | undefined) ?? []).some((b) => !b.startsWith('account '));
        const after = new Set(withAllowed.map((f) => f.subject.id));
        for (const f of before.filter(kept)) expect(after).toContain(f.subject.id);
        const otherGroup = GROUPS[extra.zone].indexOf(extra.zone === 'it' ? 'G-IT-0' : 'G-OT-0');
        const withOther = findingsOf(
          zoneSeparation,
          opts,
          build([...edges, { zone: extra.zone, member: extra.person, group: otherGroup }]),
          cfg,
        );
        const afterOther = new Set(withOther.map((f) => f.subject.id));
        for (const f of before) expect(afterOther).toContain(f.subject.id);
      }),
      { numRuns: 150 },
    );
  });

  it('persons holding only baseline groups never fire, even when a zone selector matches those groups', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), fc.boolean()), { maxLength: 8 }), (memberships) => {
        // Every account is in Domain Users (primary group) and maybe BUILTIN\Users; Domain Users may be nested into it.
        const dir = (z: Zone) =>
          source(z, {
            accounts: PERSONS.map((p) => user(`${z}${p}`, { employeeId: `E${p}`, sid: `${SID[z]}-${1100 + p}`, primaryGroupId: 513 })),
            groups: [
              group('du', [], { name: 'Domain Users', sid: `${SID[z]}-513` }),
              group('bu', [...memberships.filter(([, inZ]) => inZ === (z === 'it')).map(([p]) => (p < 3 ? `${z}${p}` : 'du'))], {
                name: 'Users',
                sid: 'S-1-5-32-545',
              }),
            ],
          });
        const estate = estateOf(
          source('hr', { persons: PERSONS.map((p) => person(`P${p}`, { employeeId: `E${p}` })) }),
          dir('it'),
          dir('ot'),
        );
        const cfg = config({
          zones: [
            { id: 'it', sources: ['it'], credentials: 'entitlements', entitlements: [{ source: 'it', name: '*' }] },
            { id: 'ot', sources: ['ot'], credentials: 'entitlements', entitlements: [{ source: 'ot', name: '*' }] },
          ],
        });
        expect(findingsOf(zoneSeparation, { zones: ['it', 'ot'] }, estate, cfg)).toEqual([]);
        // Control: without the well-known baseline the same estate fires for every person.
        const off = config({ ...cfg, baseline: { wellKnown: false, entitlements: [] } });
        expect(findingsOf(zoneSeparation, { zones: ['it', 'ot'] }, estate, off).map((f) => f.subject.id)).toEqual(['P0', 'P1', 'P2']);
      }),
      { numRuns: 60 },
    );
  });
});
