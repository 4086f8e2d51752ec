import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExceptionEntry } from '../../src/config/exception.js';
import { evaluatePacks } from '../../src/policy/evaluate.js';
import type { LoadedPack } from '../../src/policy/load-packs.js';
import { zoneSeparation } from '../../src/rules/zone-separation.js';
import { config, contextOf, estateOf, findingsOf, group, person, source, user } from '../helpers/estate-builder.js';

/**
 * Random small estates: persons, accounts in an IT and an OT source correlated by employeeId,
 * security groups (some zoned OT from inside the IT source) with random nesting, cycles included.
 */
const estateArb = fc.record({
  persons: fc.integer({ min: 1, max: 6 }),
  itAccounts: fc.array(fc.record({ person: fc.nat(5), enabled: fc.boolean() }), { maxLength: 8 }),
  otAccounts: fc.array(fc.record({ person: fc.nat(5), enabled: fc.boolean() }), { maxLength: 4 }),
  groups: fc.integer({ min: 1, max: 6 }),
  memberships: fc.array(fc.tuple(fc.nat(20), fc.nat(5)), { maxLength: 30 }),
});

type Spec = {
  persons: number;
  itAccounts: { person: number; enabled: boolean }[];
  otAccounts: { person: number; enabled: boolean }[];
  groups: number;
  memberships: [number, number][];
};

function build(spec: Spec, drop = -1) {
  const it = spec.itAccounts.map((a, i) => user(`it${i}`, { employeeId: `E${a.person % spec.persons}`, enabled: a.enabled }));
  const groupIds = Array.from({ length: spec.groups }, (_, g) => (g % 2 === 0 ? `OT-G${g}` : `G${g}`));
  const members = groupIds.map(() => new Set<string>());
  const ids = [...it.map((a) => a.id as string), ...groupIds];
  spec.memberships.forEach(([m, g], k) => {
    if (k === drop) return;
    const member = ids[m % ids.length]!;
    members[g % spec.groups]!.add(member);
  });
  return estateOf(
    source('hr', { persons: Array.from({ length: spec.persons }, (_, p) => person(`P${p}`, { employeeId: `E${p}` })) }),
    source('it', { accounts: it, groups: groupIds.map((g, i) => group(g, [...members[i]!])) }),
    source('ot', {
      accounts: spec.otAccounts.map((a, i) => user(`ot${i}`, { employeeId: `E${a.person % spec.persons}`, enabled: a.enabled })),
    }),
  );
}

const cfg = config({
  zones: [
    { id: 'it', sources: ['it'] },
    { id: 'ot', sources: ['ot'], entitlements: [{ source: 'it', name: 'OT-*' }] },
  ],
});
const separation = (spec: Spec, drop = -1) =>
  new Set(findingsOf(zoneSeparation, { zones: ['it', 'ot'] }, build(spec, drop), cfg).map((f) => f.subject.id));

const pack: LoadedPack = {
  file: 'test',
  sha256: '',
  text: '',
  disabled: new Set(),
  pack: {
    pack: 'test',
    title: 'test',
    description: 'test',
    rules: [
      {
        id: 'T-SEP-001',
        kind: 'zone-separation',
        title: 'separation',
        severity: 'high',
        rationale: 'r'.repeat(20),
        remediation: 'r'.repeat(20),
        controls: [{ framework: 'NIST SP 800-53 Rev. 5', id: 'AC-5' }],
        options: zoneSeparation.options.parse({ zones: ['it', 'ot'] }),
      },
    ],
  },
};

describe('engine invariants', () => {
  it('removing a membership never adds a separation finding', () => {
    fc.assert(
      fc.property(estateArb, fc.nat(29), (spec, k) => {
        fc.pre(spec.memberships.length > 0);
        const before = separation(spec);
        const after = separation(spec, k % spec.memberships.length);
        for (const s of after) expect(before.has(s)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('adding an exception never opens a rule finding, and excepts exactly what it matches', () => {
    fc.assert(
      fc.property(estateArb, fc.nat(5), fc.boolean(), (spec, p, expired) => {
        const ctx = contextOf(build(spec), cfg);
        const exc: ExceptionEntry = {
          id: 'X1',
          rule: 'T-SEP-001',
          subject: `P${p}`,
          reason: 'a compensating control is in place',
          approver: 'a',
          ticket: 't',
          expires: expired ? '2020-01-01' : '2030-01-01',
        };
        const open = (xs: ReturnType<typeof evaluatePacks>['findings']) =>
          new Set(xs.filter((f) => f.status === 'open' && f.pack !== 'demarc').map((f) => f.fingerprint));
        const without = evaluatePacks(ctx, [pack], []);
        const withExc = evaluatePacks(ctx, [pack], [exc]);
        for (const f of open(withExc.findings)) expect(open(without.findings).has(f)).toBe(true);
        const excepted = withExc.findings.filter((f) => f.status === 'excepted').map((f) => f.subject.id);
        const matched = without.findings.some((f) => f.subject.id === `P${p}`);
        expect(excepted).toEqual(matched && !expired ? [`P${p}`] : []);
      }),
      { numRuns: 200 },
    );
  });
});
