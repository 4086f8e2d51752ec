import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditWithPacks } from '../../src/audit/run-audit.js';
import { applyPlan } from '../../src/check/apply-plan.js';
import { Plan, type PlanInput } from '../../src/check/plan-schema.js';
import { runCheck } from '../../src/check/run-check.js';
import { assembleEstate } from '../../src/estate/assemble.js';
import type { Estate, GroupNode, PrincipalNode } from '../../src/estate/estate.js';
import { loadPacks, type LoadedPack } from '../../src/policy/load-packs.js';
import { readSnapshot } from '../../src/snapshot/read-snapshot.js';
import { writeSnapshot } from '../../src/snapshot/write-snapshot.js';
import { InputError } from '../../src/util/errors.js';
import { NOW, src, testConfig } from './estate-fixture.js';

/**
 * The incremental check against two full audits on estates of several shapes, read back from a
 * snapshot so that the check runs on the tables as the snapshot reader holds them (records read in
 * place, not objects): deep nesting chains, very wide groups, two forests joined by foreign
 * principals and primary groups, an Entra tenant with group and application owners, PIM for groups
 * and directory roles, trusts, and estates with and without an HR roster. Plans add and remove
 * memberships and roles, remove owners, PIM assignments and trusts, disable accounts, add accounts
 * (one standing behind a foreign principal) and tool identities. Fixed seed and run count.
 */
const RUNS = Number(process.env.FC_RUNS ?? 60);
const HANG_GUARD_MS = 600_000;

const SHAPES = ['chain', 'wide', 'forest', 'entra', 'mixed'] as const;
const DOM = { 'it-ad': 'S-1-5-21-1-1-1', 'ot-ad': 'S-1-5-21-2-2-2' } as const;
type AdSource = keyof typeof DOM;

const Shape = fc.record({
  shape: fc.constantFrom(...SHAPES),
  roster: fc.boolean(),
  persons: fc.integer({ min: 1, max: 6 }),
  accounts: fc.array(
    fc.record({
      s: fc.nat(2),
      person: fc.nat(8),
      enabled: fc.boolean(),
      service: fc.nat(5),
      mail: fc.nat(9),
      primary: fc.option(fc.nat(10), { nil: undefined }),
    }),
    { minLength: 2, maxLength: 12 },
  ),
  groups: fc.array(fc.record({ s: fc.nat(2), distribution: fc.nat(6), ot: fc.boolean() }), { minLength: 2, maxLength: 10 }),
  members: fc.array(fc.record({ g: fc.nat(30), m: fc.nat(30) }), { maxLength: 30 }),
  foreign: fc.array(fc.record({ target: fc.nat(30), group: fc.nat(30), resolvable: fc.boolean() }), { maxLength: 3 }),
  owners: fc.array(fc.record({ o: fc.nat(30), of: fc.nat(30) }), { maxLength: 4 }),
  roles: fc.array(fc.record({ r: fc.nat(2), p: fc.nat(30), eligible: fc.boolean(), pim: fc.nat(3) }), { maxLength: 5 }),
  links: fc.array(fc.constantFrom('it-ad', 'ot-ad', 'it-entra'), { maxLength: 2 }),
  tool: fc.option(fc.record({ a: fc.nat(30), zone: fc.constantFrom('it', 'ot') }), { nil: undefined }),
});
type Shape = typeof Shape extends fc.Arbitrary<infer T> ? T : never;

const PlanShape = fc.record({
  who: fc.constantFrom('new', 'existing', 'none'),
  existing: fc.nat(8),
  accounts: fc.array(fc.nat(2), { maxLength: 2 }),
  claimFsp: fc.boolean(),
  add: fc.array(fc.record({ g: fc.nat(30), m: fc.option(fc.nat(30), { nil: undefined }) }), { maxLength: 3 }),
  remove: fc.array(fc.nat(60), { maxLength: 2 }),
  addRole: fc.option(fc.record({ r: fc.nat(2), m: fc.nat(30), eligible: fc.boolean() }), { nil: undefined }),
  removeRole: fc.option(fc.nat(10), { nil: undefined }),
  removePim: fc.option(fc.nat(10), { nil: undefined }),
  removeOwner: fc.option(fc.nat(10), { nil: undefined }),
  disable: fc.array(fc.nat(30), { maxLength: 2 }),
  removeLink: fc.option(fc.nat(3), { nil: undefined }),
  tool: fc.option(fc.record({ a: fc.nat(30), zone: fc.constantFrom('it', 'ot'), existing: fc.boolean() }), { nil: undefined }),
});
type PlanShape = typeof PlanShape extends fc.Arbitrary<infer T> ? T : never;

const SOURCES = ['it-ad', 'ot-ad', 'it-entra'] as const;
const ROLES = ['Global Reader', 'OT Operator', 'Helpdesk Administrator'];
const FSP_SID = 'S-1-5-21-1-1-1-4999';

type Rec = Record<string, unknown>;

function buildEstate(sh: Shape): Estate {
  const by = SOURCES.map(() => ({
    accounts: [] as Rec[],
    groups: [] as (Rec & { id: string; members: string[]; owners?: string[] })[],
    foreign: [] as Rec[],
    roleAssignments: [] as Rec[],
    applications: [] as Rec[],
    links: [] as Rec[],
  }));
  // Forests and chains live in the two AD sources; an Entra-shaped estate puts most in the tenant.
  const sourceOf = (s: number): number =>
    sh.shape === 'forest' || sh.shape === 'chain' ? s % 2 : sh.shape === 'entra' ? (s === 0 ? 2 : s) : s;
  sh.accounts.forEach((a, i) => {
    const s = sourceOf(a.s);
    const ad = s < 2 ? DOM[SOURCES[s] as AdSource] : undefined;
    const sp = s === 2 && a.service === 0;
    by[s]!.accounts.push({
      id: `acc${i}`,
      name: `acc${i}`,
      type: sp ? 'servicePrincipal' : a.service === 1 ? 'service' : 'user',
      enabled: a.enabled,
      ...(s === 2 ? { upn: `acc${i}@tenant.example` } : { samAccountName: `acc${i}` }),
      ...(a.service > 1 ? { employeeId: `E${a.person}` } : {}),
      ...(a.mail < 7 ? { mail: `E${a.mail}@Corp.Example` } : {}),
      ...(ad ? { sid: `${ad}-${1000 + i}` } : {}),
      ...(ad && a.primary !== undefined ? { primaryGroupId: 2000 + a.primary } : {}),
      ...(sp ? { appId: `app-${i}` } : {}),
    });
    if (sp) by[2]!.applications.push({ id: `reg-${i}`, appId: `app-${i}`, name: `App ${i}`, owners: [] });
  });
  sh.groups.forEach((g, j) => {
    const s = sourceOf(g.s);
    const ad = s < 2 ? DOM[SOURCES[s] as AdSource] : undefined;
    by[s]!.groups.push({
      id: `grp${j}`,
      name: `${g.ot ? 'OT-' : 'G-'}${j}`,
      groupKind: g.distribution === 0 ? 'distribution' : 'security',
      members: [],
      ...(ad ? { sid: `${ad}-${2000 + j}` } : {}),
    });
  });
  const principalsOf = (s: number): string[] => [...by[s]!.accounts.map((a) => a.id as string), ...by[s]!.groups.map((g) => g.id)];
  const allGroups = by.flatMap((b, s) => b.groups.map((g) => ({ g, s })));
  // A group never lists itself (the snapshot reader refuses that as a corrupted file).
  const addMember = (g: { id: string; members: string[] }, m: string): void =>
    void (m === g.id || g.members.includes(m) || g.members.push(m));
  if (sh.shape === 'chain') {
    // Each group of a source nested in the next: deep nesting, the last ones OT.
    for (const b of by) b.groups.forEach((g, k) => k > 0 && addMember(b.groups[k - 1]!, g.id));
  }
  for (const { g, m } of sh.members) {
    const target = allGroups[g % allGroups.length]!;
    const cands = principalsOf(target.s);
    if (sh.shape === 'wide') for (const c of cands) if (c !== target.g.id && (m + c.length) % 3 !== 0) addMember(target.g, c);
    addMember(target.g, cands[m % cands.length]!);
  }
  // Foreign principals in ot-ad naming it-ad accounts and groups by SID (or nothing collected).
  const otGroups = by[1]!.groups;
  const itPrincipals = [...by[0]!.accounts, ...by[0]!.groups];
  sh.foreign.forEach((f, k) => {
    if (!otGroups.length) return;
    const target = itPrincipals.length && f.resolvable ? itPrincipals[f.target % itPrincipals.length]! : undefined;
    const sid = (target?.sid as string | undefined) ?? FSP_SID;
    if (by[1]!.foreign.some((x) => x.sid === sid)) return;
    by[1]!.foreign.push({ id: `fsp${k}`, sid, name: sid });
    addMember(otGroups[f.group % otGroups.length]!, `fsp${k}`);
  });
  for (const { o, of } of sh.owners) {
    const target = allGroups[of % allGroups.length]!;
    const owner = principalsOf(target.s)[o % principalsOf(target.s).length]!;
    const sps = by[2]!.applications;
    if (target.s === 2 && sps.length && o % 2 === 0) {
      const app = sps[of % sps.length]! as { owners: string[] };
      if (!app.owners.includes(owner)) app.owners.push(owner);
    } else if (owner !== target.g.id) target.g.owners = [...new Set([...(target.g.owners ?? []), owner])];
  }
  sh.roles.forEach((r, k) => {
    const s = sh.shape === 'forest' ? 0 : 2;
    const cands = principalsOf(s);
    if (!cands.length) return;
    const principal = cands[r.p % cands.length]!;
    const groups = by[s]!.groups;
    if (r.pim > 0 && groups.length)
      by[s]!.roleAssignments.push({
        id: `pim${k}`,
        roleId: groups[r.p % groups.length]!.id,
        roleName: 'member',
        principal,
        state: r.eligible ? 'eligible' : 'active',
        assignmentKind: r.pim === 1 ? 'group-owner' : 'group-member',
      });
    else
      by[s]!.roleAssignments.push({
        id: `ra${k}`,
        roleId: `role-${r.r}`,
        roleName: ROLES[r.r]!,
        principal,
        state: r.eligible ? 'eligible' : 'active',
      });
  });
  sh.links.forEach((s, k) => {
    const i = SOURCES.indexOf(s);
    by[i]!.links.push({
      id: `link${k}`,
      kind: s === 'it-entra' ? 'entra-cross-tenant' : 'ad-trust',
      partner: s === 'ot-ad' ? 'corp.example' : 'ot.example',
      direction: 'bidirectional',
    });
  });
  const accounts = by.flatMap((b) => b.accounts);
  const tools = sh.tool
    ? [{ id: 'tool1', name: 'Tool one', zone: sh.tool.zone, identities: [{ ref: accounts[sh.tool.a % accounts.length]!.id }] }]
    : [];
  return assembleEstate(
    [
      ...SOURCES.map((id, s) =>
        src(id, 'ldap', {
          ...by[s]!,
          groups: by[s]!.groups.map((g) => ({ ...g })),
        }),
      ),
      src('hr', 'csv', {
        persons: sh.roster
          ? Array.from({ length: sh.persons }, (_, i) => ({
              id: `E${i}`,
              name: `Person ${i}`,
              employeeId: `E${i}`,
              email: `e${i}@corp.example`,
              department: i % 2 ? 'SOC' : 'OT',
            }))
          : [],
        tools,
      }),
    ],
    NOW.toISOString(),
  );
}

const ref = (p: PrincipalNode): string => `${p.source}:${p.id}`;

function buildPlan(estate: Estate, ps: PlanShape): PlanInput {
  const all = estate.principals.toArray();
  const groups = all.filter((p): p is GroupNode => p.kind === 'group');
  const members = all.filter((p) => p.kind !== 'foreign');
  const accounts = all.filter((p) => p.kind === 'account');
  const pick = <T>(xs: T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);
  const plan: PlanInput = {};
  const roster = estate.persons.length > 0;
  if (ps.who === 'new' && roster) plan.newPerson = { id: 'N1', name: 'New Person', employeeId: 'N1', department: 'SOC' };
  if (ps.who === 'existing' && roster) plan.person = `E${ps.existing % estate.persons.length}`;
  if (plan.person || plan.newPerson || !roster)
    plan.accounts = ps.accounts.map((s, k) => ({
      source: SOURCES[s]!,
      name: SOURCES[s] === 'it-entra' ? `new${k}@tenant.example` : `new${k}`,
      ...(roster ? {} : { employeeId: `E${k}` }),
      ...(k === 0 && ps.claimFsp && SOURCES[s] === 'it-ad' ? { sid: FSP_SID } : {}),
    }));
  plan.addMembers = ps.add.flatMap((a) => {
    const g = pick(groups, a.g);
    const m = a.m === undefined ? undefined : pick(members, a.m);
    return g ? [{ group: ref(g), ...(m ? { member: ref(m) } : {}) }] : [];
  });
  const direct = groups.flatMap((g) => g.members.map((m) => ({ group: ref(g), member: ref(estate.principals.at(m)) })));
  plan.removeMembers = direct.length ? [...new Set(ps.remove.map((r) => r % direct.length))].map((i) => direct[i]!) : [];
  const roleSources = new Set(estate.roleAssignments.filter((r) => r.assignmentKind === 'directory-role').map((r) => r.source));
  if (ps.addRole && roleSources.size) {
    const s = [...roleSources][0]!;
    const m = pick(
      members.filter((p) => p.source === s),
      ps.addRole.m,
    );
    const role = estate.roleAssignments.find((r) => r.source === s && r.assignmentKind === 'directory-role')!;
    if (m) plan.addRoles = [{ role: `${s}:${role.roleName}`, member: ref(m), state: ps.addRole.eligible ? 'eligible' : 'active' }];
  }
  const dirRoles = estate.roleAssignments.filter((r) => r.assignmentKind === 'directory-role');
  const held = ps.removeRole === undefined ? undefined : pick(dirRoles, ps.removeRole);
  if (held) plan.removeRoles = [{ role: `${held.source}:${held.roleName}`, member: ref(estate.principals.at(held.p)), state: held.state }];
  const pims = estate.roleAssignments.filter((r) => r.assignmentKind !== 'directory-role');
  const pim = ps.removePim === undefined ? undefined : pick(pims, ps.removePim);
  if (pim) {
    const g = groups.find((x) => x.source === pim.source && x.id === pim.roleId);
    if (g)
      plan.removeGroupAssignments = [
        { group: ref(g), member: ref(estate.principals.at(pim.p)), access: pim.assignmentKind === 'group-owner' ? 'owner' : 'member' },
      ];
  }
  const owned = [
    ...all.flatMap((p, i) => (p.kind !== 'foreign' && p.ownerRefs ? p.ownerRefs.map((o) => ({ o, of: i })) : [])),
    ...estate.applications.flatMap((a) => {
      const sp = all.findIndex((p) => p.kind === 'account' && p.appId === a.appId);
      return sp >= 0 ? a.ownerRefs.map((o) => ({ o, of: sp })) : [];
    }),
  ];
  const own = ps.removeOwner === undefined ? undefined : pick(owned, ps.removeOwner);
  if (own) plan.removeOwners = [{ owner: ref(all[own.o]!), of: ref(all[own.of]!) }];
  const enabled = accounts.filter((a) => a.kind === 'account' && a.enabled);
  plan.disableAccounts = [...new Set(ps.disable.map((d) => pick(enabled, d)).filter((a) => a !== undefined))].map(ref);
  const link = ps.removeLink === undefined ? undefined : pick(estate.links, ps.removeLink);
  if (link) plan.removeLinks = [{ source: link.source, partner: link.partner }];
  if (ps.tool) {
    const a = pick(accounts, ps.tool.a)!;
    plan.tools = [{ id: ps.tool.existing ? 'tool1' : 'tool2', zone: ps.tool.zone, identities: [{ ref: ref(a) }] }];
  }
  return plan;
}

const loaded = testConfig({
  zones: [
    { id: 'it', sources: ['it-ad', 'it-entra'] },
    {
      id: 'ot',
      sources: ['ot-ad'],
      entitlements: [
        { source: 'it-ad', name: 'OT-*' },
        { source: 'it-entra', name: 'OT-*' },
        { source: 'it-entra', type: 'role', name: 'OT Operator' },
      ],
    },
  ],
  populations: { 'soc-staff': { department: ['SOC'] } },
  policies: ['integrated-soc'],
});
let packs: LoadedPack[];
let dir: string;
beforeAll(async () => {
  packs = await loadPacks(['integrated-soc'], '/test');
  dir = mkdtempSync(join(tmpdir(), 'demarc-check-shapes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check over the snapshot reader’s tables equals the difference of two full audits', () => {
  it('on estates of several shapes and plans that add and remove', { timeout: HANG_GUARD_MS }, async () => {
    let checked = 0;
    let changed = 0;
    const kinds = new Set<string>();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(Shape, PlanShape, async (sh, ps) => {
        const file = join(dir, `e${n++}.jsonl`);
        await writeSnapshot(file, buildEstate(sh));
        const estate = await readSnapshot(file);
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
        for (const [k, v] of Object.entries(plan)) if (Array.isArray(v) ? v.length : v) kinds.add(k);
        // The full audits: of the estate as read, and of the changed estate materialised whole.
        const after = applyPlan(estate, loaded.config, plan, NOW).estate;
        const full = (e: Estate) => auditWithPacks(loaded, e, NOW, packs).report.findings;
        const [was, will] = [full(estate), full(after)];
        const fps = (fs: { fingerprint: string }[]) => fs.map((f) => f.fingerprint).sort();
        const wasSet = new Set(fps(was));
        const willSet = new Set(fps(will));
        expect(fps(result.introduced)).toEqual(fps(will.filter((f) => !wasSet.has(f.fingerprint))));
        expect(fps(result.resolved)).toEqual(fps(was.filter((f) => !willSet.has(f.fingerprint))));
        // The chains shown are those of the whole estate.
        const willByFp = new Map(will.map((f) => [f.fingerprint, f]));
        for (const f of result.introduced) expect(f.chains).toEqual(willByFp.get(f.fingerprint)!.chains);
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 20261202) },
    );
    expect(checked).toBeGreaterThan(RUNS / 2);
    expect(changed).toBeGreaterThan(checked / 5);
    // Every kind of change was exercised by some valid plan.
    for (const k of [
      'addMembers',
      'removeMembers',
      'addRoles',
      'removeRoles',
      'removeGroupAssignments',
      'removeOwners',
      'disableAccounts',
      'removeLinks',
      'tools',
      'accounts',
      'newPerson',
      'person',
    ])
      expect(kinds).toContain(k);
    console.log(`check shapes property: ${checked} valid plans, ${changed} changed findings`);
  });
});
