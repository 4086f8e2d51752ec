import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Plan } from '../../src/check/plan-schema.js';
import { runCheck } from '../../src/check/run-check.js';
import { buildContext } from '../../src/engine/build-context.js';
import { Collateral } from '../../src/remediate/collateral.js';
import { minimumCut, NONE, SINK, SOURCE, type Arc } from '../../src/remediate/cut.js';
import { mergePlans } from '../../src/remediate/prove.js';
import { remediate } from '../../src/remediate/remediate.js';
import { zoneArcs } from '../../src/remediate/zone-network.js';
import { casesConfig, casesPacks, estateOf, NOW, type Spec } from './remediate-fixture.js';

/** Fixed run counts (fast-check counts runs, not time); FC_RUNS raises them. The limit only stops a hang. */
const RUNS = Number(process.env.FC_RUNS ?? 60);
const HANG_GUARD_MS = 600_000;

/** Minimum weight over every subset of cuttable arcs that separates SOURCE from SINK, by enumeration. */
function bruteForce(arcs: Arc[]): number | undefined {
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
    if (seen.has(SINK)) continue;
    const w = [...cut].reduce((s, a) => s + a.weight, 0);
    if (best === undefined || w < best) best = w;
  }
  return best;
}

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
    'every plan clears its finding, no proper subset does, no home edge is cut, the weight is the minimum, and all plans together introduce nothing',
    { timeout: HANG_GUARD_MS },
    () => {
      let planned = 0;
      let subsets = 0;
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
            // No edge into anything leading to the home zone is cut.
            const home = ctx.zones.mask(r.homeZones);
            for (const step of r.steps) expect(step.weight).toBeGreaterThanOrEqual(1);
            for (const m of plan.removeMembers) {
              const g = estate.principals.toArray().findIndex((p) => `${p.source}:${p.id}` === m.group);
              expect(ctx.effective[g]! & home).toBe(0);
            }
            for (const a of plan.disableAccounts) {
              const i = estate.principals.toArray().findIndex((p) => `${p.source}:${p.id}` === a);
              expect(ctx.effective[i]! & home).toBe(0);
            }
            // The weight is the minimum over every separating subset of the finding's arcs.
            if (r.subject.type === 'person' && r.kind === 'zone-separation') {
              const p = ctx.people.persons.toArray().findIndex((x) => x.id === r.subject.id);
              const accounts = ctx.people.accountsOf.of(p);
              const arcs = zoneArcs(ctx, col, {
                accounts,
                subject: new Set([p]),
                forbidden: ctx.zones.mask(r.removedZones),
                home,
                mayDisable: true,
              });
              if (arcs.filter((a) => a.removal).length <= 12) expect(r.weight).toBe(bruteForce(arcs));
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
      if (process.env.REMEDIATE_COUNTS) console.log(`planned ${planned}, subsets checked ${subsets}`);
    },
  );
});
