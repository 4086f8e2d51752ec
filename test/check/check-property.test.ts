import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditWithPacks } from '../../src/audit/run-audit.js';
import { applyPlan } from '../../src/check/apply-plan.js';
import { Plan, type PlanInput } from '../../src/check/plan-schema.js';
import { runCheck } from '../../src/check/run-check.js';
import { assembleEstate } from '../../src/estate/assemble.js';
import type { Estate } from '../../src/estate/estate.js';
import { PolicyPack } from '../../src/policy/pack-schema.js';
import { InputError } from '../../src/util/errors.js';
import { NOW, src, testConfig, testPacks } from './estate-fixture.js';

/**
 * A fixed number of runs (fast-check counts runs, not time), sized to take a few seconds on one core;
 * FC_RUNS raises it for a longer search. The per-test limit only stops a hang: it is far above what the
 * runs need even on a loaded machine, so the result never depends on the machine's speed.
 */
const RUNS = Number(process.env.FC_RUNS ?? 100);
const HANG_GUARD_MS = 600_000;

const SOURCES = ['it-ad', 'ot-ad'] as const;
const GROUP_NAMES = ['G1', 'G2', 'OT-Remote-A', 'G3', 'OT-Remote-B', 'G4'];
const ROLE_NAMES = ['Reader', 'OT-Admin'];

const Shape = fc.record({
  persons: fc.array(fc.constantFrom('SOC', 'OT', 'IT'), { minLength: 1, maxLength: 5 }),
  accounts: fc.array(
    fc.record({ s: fc.nat(1), person: fc.nat(6), enabled: fc.boolean(), service: fc.boolean(), sid: fc.boolean(), mail: fc.nat(7) }),
    { minLength: 1, maxLength: 9 },
  ),
  mappings: fc.array(fc.record({ a: fc.nat(20), p: fc.nat(6) }), { maxLength: 2 }),
  groups: fc.array(fc.record({ s: fc.nat(1), distribution: fc.boolean() }), { minLength: 1, maxLength: 6 }),
  members: fc.array(fc.record({ g: fc.nat(20), m: fc.nat(20) }), { maxLength: 16 }),
  roles: fc.array(fc.record({ r: fc.nat(1), p: fc.nat(20), eligible: fc.boolean() }), { maxLength: 3 }),
  tool: fc.option(fc.record({ a: fc.nat(20), zone: fc.constantFrom('it', 'ot') }), { nil: undefined }),
  /** A foreign security principal in ot-ad naming an account no collected source holds (yet). */
  fsp: fc.option(fc.nat(20), { nil: undefined }),
});
type Shape = typeof Shape extends fc.Arbitrary<infer T> ? T : never;

const PlanShape = fc.record({
  who: fc.constantFrom('new', 'existing', 'none'),
  newId: fc.constantFrom('N1', 'E5', 'E6'),
  existing: fc.nat(6),
  accounts: fc.array(fc.nat(1), { maxLength: 2 }),
  /** The first new account stands behind the foreign principal (same SID). */
  claimFsp: fc.boolean(),
  add: fc.array(fc.record({ g: fc.nat(20), m: fc.option(fc.nat(20), { nil: undefined }) }), { maxLength: 3 }),
  remove: fc.array(fc.nat(30), { maxLength: 2 }),
  role: fc.option(fc.record({ r: fc.nat(1), m: fc.nat(20) }), { nil: undefined }),
  tool: fc.option(fc.record({ a: fc.nat(20), zone: fc.constantFrom('it', 'ot'), existing: fc.boolean() }), { nil: undefined }),
});
type PlanShape = typeof PlanShape extends fc.Arbitrary<infer T> ? T : never;

const accId = (i: number): string => `acc${i}`;
const FSP_SID = 'S-1-5-21-8-1';
const grpName = (i: number): string => `${GROUP_NAMES[i % GROUP_NAMES.length]}-${i}`;

function buildEstate(sh: Shape): Estate {
  const bySource = SOURCES.map(() => ({
    accounts: [] as Record<string, unknown>[],
    groups: [] as { id: string; name: string; groupKind: string; members: string[] }[],
    roleAssignments: [] as Record<string, unknown>[],
    foreign: [] as Record<string, unknown>[],
  }));
  sh.accounts.forEach((a, i) => {
    // Employee ids beyond the roster make unattributable accounts a new person may claim.
    const person = `E${a.person}`;
    bySource[a.s]!.accounts.push({
      id: accId(i),
      name: accId(i),
      samAccountName: accId(i),
      type: a.service ? 'service' : 'user',
      enabled: a.enabled,
      ...(person && !a.service ? { employeeId: person } : {}),
      ...(a.sid ? { sid: `S-1-5-21-9-${i}` } : {}),
      // A mail address is a second correlation key: sometimes another person's (ambiguity), in other case.
      // A blank one (white space, as an empty attribute of an export) names nobody, in audit and check alike.
      ...(a.mail < 6 ? { mail: `E${a.mail}@Corp.Example` } : a.mail === 6 ? { mail: ' ' } : {}),
    });
  });
  sh.groups.forEach((g, i) =>
    bySource[g.s]!.groups.push({ id: grpName(i), name: grpName(i), groupKind: g.distribution ? 'distribution' : 'security', members: [] }),
  );
  const principalsOf = (s: number): string[] => [
    ...bySource[s]!.accounts.map((a) => a.id as string),
    ...bySource[s]!.groups.map((g) => g.id),
  ];
  for (const { g, m } of sh.members) {
    const group = sh.groups[g % sh.groups.length]!;
    const candidates = principalsOf(group.s);
    const member = candidates[m % candidates.length]!;
    const target = bySource[group.s]!.groups.find((x) => x.id === grpName(g % sh.groups.length))!;
    if (!target.members.includes(member)) target.members.push(member);
  }
  const otGroups = bySource[1]!.groups;
  if (sh.fsp !== undefined && otGroups.length) {
    bySource[1]!.foreign.push({ id: 'fsp1', sid: FSP_SID, name: FSP_SID });
    otGroups[sh.fsp % otGroups.length]!.members.push('fsp1');
  }
  sh.roles.forEach((r, k) => {
    const cands = principalsOf(0);
    if (cands.length === 0) return;
    bySource[0]!.roleAssignments.push({
      id: `ra${k}`,
      roleId: `role-${r.r}`,
      roleName: ROLE_NAMES[r.r]!,
      principal: cands[r.p % cands.length]!,
      state: r.eligible ? 'eligible' : 'active',
    });
  });
  const tools = sh.tool
    ? [{ id: 'tool1', name: 'Tool one', zone: sh.tool.zone, identities: [{ ref: accId(sh.tool.a % sh.accounts.length) }] }]
    : [];
  return assembleEstate(
    [
      src('it-ad', 'ldap', bySource[0]!),
      src('ot-ad', 'ldap', bySource[1]!),
      src('hr', 'csv', {
        persons: sh.persons.map((d, i) => ({
          id: `E${i}`,
          name: `Person ${i}`,
          employeeId: `E${i}`,
          email: i === 2 ? '\t' : `e${i}@corp.example`,
          department: d,
        })),
        tools,
        mappings: sh.mappings
          .filter((m) => m.p < sh.persons.length)
          .map((m) => ({
            source: SOURCES[sh.accounts[m.a % sh.accounts.length]!.s]!,
            account: accId(m.a % sh.accounts.length),
            person: `E${m.p}`,
          }))
          .filter((m, i, all) => all.findIndex((x) => x.account === m.account) === i),
      }),
    ],
    NOW.toISOString(),
  );
}

function buildPlan(estate: Estate, ps: PlanShape): PlanInput {
  const groups = estate.principals.toArray().filter((p) => p.kind === 'group');
  const members = estate.principals.toArray().filter((p) => p.kind !== 'foreign');
  const ref = (p: { source: string; id: string }): string => `${p.source}:${p.id}`;
  const plan: PlanInput = {};
  if (ps.who === 'new') plan.newPerson = { id: ps.newId, name: 'New Person', employeeId: ps.newId, department: 'SOC' };
  if (ps.who === 'existing') plan.person = `E${ps.existing}`;
  plan.accounts = ps.accounts.map((s, k) => ({
    source: SOURCES[s]!,
    name: `new${k}`,
    ...(k === 0 && ps.claimFsp ? { sid: FSP_SID } : {}),
  }));
  plan.addMembers = ps.add.map((a) => ({
    group: ref(groups[a.g % groups.length]!),
    ...(a.m === undefined ? {} : { member: ref(members[a.m % members.length]!) }),
  }));
  const direct = groups.flatMap((g) =>
    g.kind === 'group' ? g.members.map((m) => ({ group: ref(g), member: ref(estate.principals.at(m)) })) : [],
  );
  plan.removeMembers = direct.length ? [...new Set(ps.remove.map((r) => r % direct.length))].map((i) => direct[i]!) : [];
  if (ps.role) plan.addRoles = [{ role: `it-ad:${ROLE_NAMES[ps.role.r]}`, member: ref(members[ps.role.m % members.length]!) }];
  if (ps.tool) {
    const accounts = estate.principals.toArray().filter((p) => p.kind === 'account');
    plan.tools = [
      { id: ps.tool.existing ? 'tool1' : 'tool2', zone: ps.tool.zone, identities: [{ ref: ref(accounts[ps.tool.a % accounts.length]!) }] },
    ];
  }
  return plan;
}

const loaded = testConfig({
  populations: { soc: { department: ['SOC'] }, remote: { memberOf: [{ name: 'OT-Remote-*' }] } },
  zones: [
    { id: 'it', sources: ['it-ad'] },
    { id: 'ot', sources: ['ot-ad'], entitlements: [{ source: 'it-ad', name: 'OT-*' }] },
  ],
});
loaded.exceptions = [
  {
    id: 'EXC-1',
    rule: 'SEP-001',
    subject: 'E0',
    reason: 'Compensating control: monitored jump host with session recording.',
    approver: 'ciso',
    ticket: 'CHG-1',
    expires: '2027-12-31',
  },
];
const packs = testPacks();
packs[0]!.pack = PolicyPack.parse({
  ...packs[0]!.pack,
  rules: [
    ...packs[0]!.pack.rules,
    { ...packs[0]!.pack.rules[0]!, id: 'SEP-003', options: { zones: ['it', 'ot'], scope: 'remote' } },
    {
      ...packs[0]!.pack.rules[0]!,
      id: 'SEP-004',
      options: { zones: ['it', 'ot'], scope: 'soc', allow: [{ population: 'soc', entitlements: 'readers' }] },
    },
  ],
}) as never;
loaded.config.entitlementSets = { readers: [{ type: 'role', name: 'Reader' }] };

describe('check equals the difference of two full audits', () => {
  it('for random estates and plans', { timeout: HANG_GUARD_MS }, () => {
    let checked = 0;
    let changed = 0;
    fc.assert(
      fc.property(Shape, PlanShape, (sh, ps) => {
        const estate = buildEstate(sh);
        const plan = Plan.parse(buildPlan(estate, ps));
        let result;
        try {
          result = runCheck(loaded, estate, packs, plan, NOW);
        } catch (e) {
          if (e instanceof InputError) return fc.pre(false);
          throw e;
        }
        checked++;
        if (result.introduced.length + result.resolved.length > 0) changed++;
        const after = applyPlan(estate, loaded.config, plan, NOW).estate;
        const full = (e: Estate) => auditWithPacks(loaded, e, NOW, packs).report.findings;
        const [was, will] = [full(estate), full(after)];
        const fps = (fs: { fingerprint: string }[]) => fs.map((f) => f.fingerprint).sort();
        const wasSet = new Set(fps(was));
        const willSet = new Set(fps(will));
        expect(fps(result.introduced)).toEqual(fps(will.filter((f) => !wasSet.has(f.fingerprint))));
        expect(fps(result.resolved)).toEqual(fps(was.filter((f) => !willSet.has(f.fingerprint))));
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 20261125) },
    );
    // The runs must exercise real changes, not only plans that alter nothing.
    expect(checked).toBeGreaterThan(RUNS / 2);
    expect(changed).toBeGreaterThan(checked / 5);
    console.log(`check property: ${checked} valid plans, ${changed} changed findings`);
  });
});
