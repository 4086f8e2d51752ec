import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Plan } from '../../src/check/plan-schema.js';
import { runCheck } from '../../src/check/run-check.js';
import { applyPlan } from '../../src/check/apply-plan.js';
import { buildContext } from '../../src/engine/build-context.js';
import type { RuleContext } from '../../src/engine/context.js';
import { Collateral } from '../../src/remediate/collateral.js';
import { minimumCut, NONE, SINK, SOURCE, type Arc } from '../../src/remediate/cut.js';
import { mergePlans } from '../../src/remediate/prove.js';
import { remediate } from '../../src/remediate/remediate.js';
import { zoneArcs } from '../../src/remediate/zone-network.js';
import { casesConfig, casesPacks, estateOf, NOW, type Spec } from './remediate-fixture.js';

/** Fixed run counts (fast-check counts runs, not time); FC_RUNS raises them. The limit only stops a hang. */
const RUNS = Number(process.env.FC_RUNS ?? 60);
const HANG_GUARD_MS = 600_000;

/**
 * Minimum weight over every subset of cuttable arcs that separates SOURCE from SINK, by enumeration;
 * with `keeps`, only subsets it accepts.
 */
function bruteForce(arcs: Arc[], keeps?: (cut: Arc[]) => boolean): number | undefined {
  const cuttable = arcs.filter((a) => a.removal);
  let best: number | undefined;
  for (let mask = 0; mask < 1 << cuttable.length; mask++) {
    const cut = new Set(cuttable.filter((_, i) => (mask >> i) & 1));
    const seen = new Set([SOURCE]);
    const queue = [SOURCE];
    for (let q = 0; q < queue.length; q++)
      for (const a of arcs) {
        if (a.tail !== queue[q] || cut.has(a) || seen.has(a.head)) continue;
        seen.add(a.head);
        queue.push(a.head);
      }
    if (seen.has(SINK) || (keeps && !keeps([...cut]))) continue;
    const w = [...cut].reduce((s, a) => s + a.weight, 0);
    if (best === undefined || w < best) best = w;
  }
  return best;
}

/** A graph node by name, stable across an estate and its changed copy (roles are derived and renumbered). */
const nodeName = (ctx: RuleContext, v: number): string =>
  v < ctx.graph.principalCount
    ? `${ctx.estate.principals.source(v)}:${ctx.estate.principals.at(v).id}`
    : `role:${ctx.graph.roles[v - ctx.graph.principalCount]!.name}`;

/**
 * What accounts hold in the home zone: every node granting it they reach, skipping the graph edges
 * (`tail>head`) and accounts given. Written out here, apart from the planner's own walk.
 */
function heldAtHome(
  ctx: RuleContext,
  accounts: number[],
  home: number,
  skipEdges = new Set<string>(),
  skipAccounts = new Set<number>(),
): Set<string> {
  const seen = new Set(accounts.filter((a) => !skipAccounts.has(a)));
  const queue = [...seen];
  for (let q = 0; q < queue.length; q++)
    for (let e = ctx.graph.start[queue[q]!]!; e < ctx.graph.start[queue[q]! + 1]!; e++) {
      const w = ctx.graph.to[e]!;
      if (!seen.has(w) && !skipEdges.has(`${queue[q]}>${w}`)) {
        seen.add(w);
        queue.push(w);
      }
    }
  return new Set([...seen].filter((v) => (ctx.grant[v]! & home) !== 0).map((v) => nodeName(ctx, v)));
}

const edgesOf = (cut: Arc[]): Set<string> => new Set(cut.filter((a) => a.tail >= 0 && a.head >= 0).map((a) => `${a.tail}>${a.head}`));
const disabledBy = (cut: Arc[]): Set<number> => new Set(cut.flatMap((a) => (a.removal?.type === 'disable' ? [a.removal.account] : [])));

describe('minimumCut against enumeration', () => {
  it(
    'has the weight of the cheapest separating subset, or reports none when only uncuttable arcs separate',
    { timeout: HANG_GUARD_MS },
    () => {
      const ArcShape = fc.record({ t: fc.nat(6), h: fc.nat(6), w: fc.integer({ min: 1, max: 9 }), cut: fc.nat(4) });
      fc.assert(
        fc.property(fc.array(ArcShape, { minLength: 1, maxLength: 12 }), (shapes) => {
          // Node 0 is the subject's side, node 6 the sink's; the rest are groups.
          const node = (n: number): number => (n === 0 ? SOURCE : n === 6 ? SINK : n);
          const arcs: Arc[] = shapes
            .filter((s) => s.t !== 6 && s.h !== 0 && s.t !== s.h)
            .map((s, i) => ({
              tail: node(s.t),
              head: node(s.h),
              weight: s.w,
              depth: s.t,
              others: NONE,
              ...(s.cut > 0 ? { removal: { type: 'member' as const, group: 100 + i, member: s.t } } : { block: 'kept' }),
            }));
          const r = minimumCut(arcs);
          const best = bruteForce(arcs);
          const anyPath = bruteForce(arcs.map((a) => ({ ...a, removal: undefined, block: 'x' }))) === undefined;
          if (!anyPath) expect(r.status).toBe('no-path');
          else if (best === undefined) expect(r.status).toBe('blocked');
          else {
            expect(r.status).toBe('cut');
            if (r.status === 'cut') expect(r.weight).toBe(best);
          }
        }),
        { numRuns: RUNS * 5 },
      );
    },
  );
});

const GROUPS = ['SOC-A', 'G-B', 'OT-Remote-C', 'G-D', 'OT-Remote-E', 'G-F'];
const Shape = fc.record({
  persons: fc.integer({ min: 1, max: 3 }),
  accounts: fc.array(fc.record({ ot: fc.boolean(), person: fc.nat(3) }), { minLength: 2, maxLength: 6 }),
  groups: fc.integer({ min: 3, max: 6 }),
  members: fc.array(fc.record({ g: fc.nat(5), m: fc.nat(11) }), { minLength: 3, maxLength: 12 }),
  roles: fc.array(fc.record({ a: fc.nat(5), eligible: fc.boolean(), ot: fc.boolean() }), { maxLength: 2 }),
  itCredentials: fc.constantFrom('accounts' as const, 'entitlements' as const),
  home: fc.constantFrom('it', 'ot'),
});
type Shape = typeof Shape extends fc.Arbitrary<infer T> ? T : never;

/** Estates of several shapes: nesting (with cycles), shared groups, accounts in both forests, active and eligible roles. */
function specOf(sh: Shape): Spec {
  const accounts = sh.accounts.map((a, i) => ({
    id: `acc${i}`,
    source: a.ot ? ('ot-ad' as const) : ('it-ad' as const),
    // A person index beyond the roster leaves the account unattributed.
    ...(a.person < sh.persons + 1 ? { person: `P${a.person}` } : {}),
  }));
  const groups = Array.from({ length: sh.groups }, (_, g) => ({ id: `${GROUPS[g]}${g}`, members: [] as string[] }));
  // Members are it-ad accounts or other groups (an ot-ad account cannot be a direct member of an it-ad group).
  const pool = [...accounts.filter((a) => a.source === 'it-ad').map((a) => a.id), ...groups.map((g) => g.id)];
  for (const m of sh.members) {
    const g = groups[m.g % groups.length]!;
    const who = pool[m.m % pool.length];
    if (who && who !== g.id && !g.members.includes(who)) g.members.push(who);
  }
  const itAccounts = accounts.filter((a) => a.source === 'it-ad');
  const roles = itAccounts.length
    ? sh.roles.map((r) => ({
        role: r.ot ? 'OT-Admin' : 'Reader',
        principal: itAccounts[r.a % itAccounts.length]!.id,
        state: r.eligible ? ('eligible' as const) : ('active' as const),
      }))
    : [];
  const seen = new Set<string>();
  return {
    persons: Array.from({ length: sh.persons }, (_, p) => `P${p}`),
    accounts,
    groups,
    roles: roles.filter((r) => !seen.has(`${r.role}${r.principal}${r.state}`) && seen.add(`${r.role}${r.principal}${r.state}`)),
  };
}

const entriesOf = (plan: Plan): { list: keyof Plan; entry: unknown }[] =>
  (['removeMembers', 'removeRoles', 'removeGroupAssignments', 'removeOwners', 'disableAccounts', 'removeLinks'] as const).flatMap((list) =>
    (plan[list] as unknown[]).map((entry) => ({ list, entry })),
  );
const planOf = (entries: { list: keyof Plan; entry: unknown }[]): Plan => {
  const p: Record<string, unknown[]> = {};
  for (const { list, entry } of entries) (p[list] ??= []).push(entry);
  return Plan.parse(p);
};

describe('remediate on random estates', () => {
  it(
    'every plan clears its finding, no proper subset does, no home-zone entitlement is lost, the weight is the minimum, and all plans together introduce nothing',
    { timeout: HANG_GUARD_MS },
    () => {
      let planned = 0;
      let subsets = 0;
      let homeChecked = 0;
      let bruteChecked = 0;
      let noCutChecked = 0;
      fc.assert(
        fc.property(Shape, (sh) => {
          const loaded = casesConfig(sh.itCredentials);
          const estate = estateOf(specOf(sh));
          const packs = casesPacks();
          const { report, failed } = remediate(loaded, estate, packs, { now: NOW, homeZones: [{ zone: sh.home }] });
          expect(failed).toBe(0);
          const ctx = buildContext(estate, loaded.config, NOW);
          const col = new Collateral(ctx);
          const plans: Plan[] = [];
          for (const r of report.remediations) {
            if (r.status === 'no-cut') {
              // No plan: the blocking edges are named, and no separating subset keeps the home zone.
              expect(r.blocking!.length).toBeGreaterThan(0);
              if (r.subject.type === 'person' && r.kind === 'zone-separation') {
                const p = ctx.people.persons.toArray().findIndex((x) => x.id === r.subject.id);
                const accounts = ctx.people.accountsOf.of(p);
                const home = ctx.zones.mask(r.homeZones);
                const { arcs } = zoneArcs(ctx, col, {
                  accounts,
                  subject: new Set([p]),
                  forbidden: ctx.zones.mask(r.removedZones),
                  home,
                  mayDisable: true,
                });
                const before = [...heldAtHome(ctx, accounts, home)].sort().join();
                const keeps = (cut: Arc[]): boolean =>
                  [...heldAtHome(ctx, accounts, home, edgesOf(cut), disabledBy(cut))].sort().join() === before;
                if (arcs.filter((a) => a.removal).length <= 12) {
                  noCutChecked++;
                  expect(bruteForce(arcs, keeps)).toBeUndefined();
                }
              }
            }
            if (r.status !== 'planned') continue;
            planned++;
            const plan = r.plan!;
            plans.push(plan);
            // Clears its finding on the whole estate, and introduces nothing.
            const check = runCheck(loaded, estate, packs, plan, NOW);
            expect(check.resolved.map((f) => f.fingerprint)).toContain(r.fingerprint);
            expect(check.introduced).toEqual([]);
            // No proper subset clears it (exhaustive: the plans here have at most a handful of steps).
            const entries = entriesOf(plan);
            if (entries.length <= 5)
              for (let mask = 1; mask < (1 << entries.length) - 1; mask++) {
                subsets++;
                const sub = runCheck(loaded, estate, packs, planOf(entries.filter((_, i) => (mask >> i) & 1)), NOW);
                expect(sub.resolved.map((f) => f.fingerprint)).not.toContain(r.fingerprint);
              }
            // The subject keeps everything they held in the home zone (on the estate as the plan leaves it).
            const home = ctx.zones.mask(r.homeZones);
            for (const step of r.steps) expect(step.weight).toBeGreaterThanOrEqual(1);
            const subjectAccounts =
              r.subject.type === 'person'
                ? ctx.people.accountsOf.of(ctx.people.persons.toArray().findIndex((x) => x.id === r.subject.id))
                : [estate.principals.toArray().findIndex((p) => p.source === r.subject.source && p.id === r.subject.id)];
            const after = buildContext(applyPlan(estate, loaded.config, plan, NOW).estate, loaded.config, NOW);
            const live = (c: RuleContext) => subjectAccounts.filter((a) => c.estate.principals.isActive(a, NOW.getTime()));
            if (home) {
              homeChecked++;
              expect([...heldAtHome(after, live(after), home)].sort()).toEqual([...heldAtHome(ctx, live(ctx), home)].sort());
            }
            // The weight is the minimum over every separating subset of the finding's arcs that keeps the home zone.
            if (r.subject.type === 'person' && r.kind === 'zone-separation') {
              const p = ctx.people.persons.toArray().findIndex((x) => x.id === r.subject.id);
              const accounts = ctx.people.accountsOf.of(p);
              const { arcs } = zoneArcs(ctx, col, {
                accounts,
                subject: new Set([p]),
                forbidden: ctx.zones.mask(r.removedZones),
                home,
                mayDisable: true,
              });
              const before = [...heldAtHome(ctx, accounts, home)].sort();
              const keeps = (cut: Arc[]): boolean =>
                [...heldAtHome(ctx, accounts, home, edgesOf(cut), disabledBy(cut))].sort().join() === before.join();
              if (arcs.filter((a) => a.removal).length <= 12) {
                bruteChecked++;
                expect(r.weight).toBe(bruteForce(arcs, keeps));
              }
            }
          }
          // All plans together introduce no finding.
          if (plans.length > 1) expect(runCheck(loaded, estate, packs, mergePlans(plans), NOW).introduced).toEqual([]);
        }),
        { numRuns: RUNS },
      );
      // The estates must actually produce plans, or the properties above say nothing.
      expect(planned).toBeGreaterThan(RUNS / 10);
      expect(subsets).toBeGreaterThan(0);
      expect(homeChecked).toBeGreaterThan(0);
      expect(bruteChecked).toBeGreaterThan(0);
      if (process.env.REMEDIATE_COUNTS)
        console.log(`planned ${planned}, subsets ${subsets}, home ${homeChecked}, minimum ${bruteChecked}, no cut ${noCutChecked}`);
    },
  );
});
