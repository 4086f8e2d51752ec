import type { LoadedConfig } from '../config/load-config.js';
import { Plan } from '../check/plan-schema.js';
import { runCheck, type CheckResult } from '../check/run-check.js';
import { scanHotStrings } from '../check/principal-refs.js';
import { subEstate } from '../check/sub-estate.js';
import type { Estate } from '../estate/estate.js';
import type { Finding } from '../model/findings.js';
import type { RuleContext } from '../engine/context.js';
import type { LoadedPack } from '../policy/load-packs.js';
import { PlanRegions } from './plan-region.js';

const LISTS = ['removeMembers', 'removeRoles', 'removeGroupAssignments', 'removeOwners', 'disableAccounts', 'removeLinks'] as const;

/** Several plans as one: each removal once (two findings of one person often share a step). */
export function mergePlans(plans: readonly Plan[]): Plan {
  const out: Record<string, unknown[]> = {};
  for (const list of LISTS) {
    const seen = new Set<string>();
    out[list] = [];
    for (const p of plans)
      for (const entry of p[list] as unknown[]) {
        const key = JSON.stringify(entry);
        if (!seen.has(key)) {
          seen.add(key);
          out[list].push(entry);
        }
      }
  }
  return Plan.parse(out);
}

/** A plan to prove, the nodes whose holdings it changes, and its steps in words (its changes, when batched). */
export interface ProofItem {
  plan: Plan;
  seeds: readonly number[];
  steps: readonly string[];
}

/** What a proof says about one plan. */
export interface Proof {
  resolved: Finding[];
  introduced: Finding[];
  changes: string[];
}

/**
 * Plans checked together at most. A batch's region is the union of its plans' regions, which share most
 * of what they hold (the groups above the subjects), so one large batch costs far less than many small
 * ones: on the 1M bench estate, 16 batches of 64 plans had regions of ~40,000 principals each, and all
 * 1,000 plans together one of ~97,000.
 */
const BATCH = 4096;

/**
 * The what-if engine (`runCheck`, the code `demarc check --plan` runs) on the part of the estate the plans
 * can affect (plan-region.ts): the check then costs the size of that part, not of the estate, and answers
 * as on the whole estate because the part holds everything the check itself would look at. Plans whose
 * affected subjects do not meet are checked together, in batches: a subject's findings depend only on
 * what it holds, which at most one plan of a batch changes, so each finding that differs belongs to
 * exactly one plan (the one whose affected set holds its subject). When a finding cannot be given to
 * exactly one plan, the batch is split in two and each half checked the same way, down to single plans.
 * With record sets (NERC CIP), the region of any change is the whole estate (check/affected.ts) and each
 * plan is checked on it.
 */
export class Prover {
  private readonly regions: PlanRegions | undefined;
  private readonly toolAccounts: Map<string, number[]>;
  private personIndex: Map<string, number> | undefined;
  /** Account subjects (`source\0id`) to their principal indexes, found as findings name them. */
  private readonly accountIndex = new Map<string, number[]>();
  /** Batch checks by merged plan: the check of all plans together is often the batch check itself. */
  private readonly checked = new Map<string, CheckResult>();

  constructor(
    private readonly loaded: LoadedConfig,
    private readonly whole: Estate,
    private readonly packs: LoadedPack[],
    private readonly now: Date,
    private readonly ctx: RuleContext,
    toolsOf: Map<number, string[]>,
  ) {
    this.regions = whole.records.length > 0 ? undefined : new PlanRegions(ctx);
    this.toolAccounts = new Map();
    for (const [a, ts] of toolsOf) for (const t of ts) this.toolAccounts.set(t, [...(this.toolAccounts.get(t) ?? []), a]);
  }

  private run(plan: Plan, seeds: readonly number[]): CheckResult {
    if (!this.regions) return runCheck(this.loaded, this.whole, this.packs, plan, this.now);
    const r = this.regions.region(seeds);
    return runCheck(this.loaded, subEstate(this.whole, r.principals, r.persons), this.packs, plan, this.now);
  }

  /**
   * A merged plan's check, remembered. Its seeds are the nodes the plan itself changes, and a check on a
   * region around more seeds answers the same, so the plan alone is the key.
   */
  private runMerged(plan: Plan, seeds: readonly number[]): CheckResult {
    const key = JSON.stringify(plan);
    let c = this.checked.get(key);
    if (!c) this.checked.set(key, (c = this.run(plan, seeds)));
    return c;
  }

  /** Proves each plan alone (its answer is that of `demarc check --plan` with that plan). */
  checkAll(items: readonly ProofItem[]): Proof[] {
    const out: Proof[] = new Array<Proof>(items.length);
    const one = (i: number): void => {
      const c = this.run(items[i]!.plan, items[i]!.seeds);
      out[i] = { resolved: c.resolved, introduced: c.introduced, changes: c.changes };
    };
    if (!this.regions) {
      items.forEach((_, i) => one(i));
      return out;
    }
    const affected = items.map((it) => this.regions!.affected(it.seeds));
    // First fit: a plan joins the first batch none of whose plans' subjects it meets.
    const batches: { members: number[]; principals: Set<number>; persons: Set<number> }[] = [];
    items.forEach((_, i) => {
      const a = affected[i]!;
      const meets = (b: (typeof batches)[number]): boolean =>
        [...a.principals].some((v) => b.principals.has(v)) || [...a.persons].some((p) => b.persons.has(p));
      let b = batches.find((x) => x.members.length < BATCH && !meets(x));
      if (!b) batches.push((b = { members: [], principals: new Set(), persons: new Set() }));
      b.members.push(i);
      for (const v of a.principals) b.principals.add(v);
      for (const p of a.persons) b.persons.add(p);
    });
    const prove = (members: readonly number[]): void => {
      if (members.length === 1) return one(members[0]!);
      const c = this.runMerged(
        mergePlans(members.map((i) => items[i]!.plan)),
        members.flatMap((i) => items[i]!.seeds),
      );
      // The members' affected sets do not meet (first fit above), so each node names at most one member.
      const byPrincipal = new Map<number, number>();
      const byPerson = new Map<number, number>();
      for (const i of members) {
        for (const v of affected[i]!.principals) byPrincipal.set(v, i);
        for (const p of affected[i]!.persons) byPerson.set(p, i);
      }
      const differ = [...c.resolved, ...c.introduced];
      this.findAccounts(differ);
      const owner = (f: Finding): number | undefined => {
        const subject = this.subjectNodes(f);
        const hits = new Set<number>();
        for (const v of subject.principals) {
          const i = byPrincipal.get(v);
          if (i !== undefined) hits.add(i);
        }
        for (const p of subject.persons) {
          const i = byPerson.get(p);
          if (i !== undefined) hits.add(i);
        }
        return hits.size === 1 ? [...hits][0] : undefined;
      };
      const found = differ.map(owner);
      if (found.some((x) => x === undefined)) {
        const half = members.length >> 1;
        prove(members.slice(0, half));
        prove(members.slice(half));
        return;
      }
      for (const i of members) out[i] = { resolved: [], introduced: [], changes: [...items[i]!.steps] };
      c.resolved.forEach((f, k) => out[found[k]!]!.resolved.push(f));
      c.introduced.forEach((f, k) => out[found[c.resolved.length + k]!]!.introduced.push(f));
    };
    for (const b of batches) prove(b.members);
    return out;
  }

  /** The estate nodes a finding is about: a person (and their accounts), an account, or a tool's identities. */
  private subjectNodes(f: Finding): { principals: number[]; persons: number[] } {
    const { people } = this.ctx;
    const s = f.subject;
    if (s.type === 'person') {
      if (!this.personIndex) {
        this.personIndex = new Map();
        for (let i = people.persons.length - 1; i >= 0; i--) this.personIndex.set(people.persons.str(i, 'id')!.toLowerCase(), i);
      }
      const p = this.personIndex.get(s.id.toLowerCase()) ?? -1;
      return p < 0 ? { principals: [], persons: [] } : { principals: [...people.accountsOf.of(p)], persons: [p] };
    }
    if (s.type === 'tool') return { principals: this.toolAccounts.get(s.id) ?? [], persons: [] };
    if (s.type === 'account') {
      this.findAccounts([f]);
      return { principals: this.accountIndex.get(`${s.source}\0${s.id}`) ?? [], persons: [] };
    }
    return { principals: [], persons: [] };
  }

  /** Resolves the account subjects of `findings` not resolved yet, in one targeted pass over the tables. */
  private findAccounts(findings: readonly Finding[]): void {
    const missing = new Map<string, { source: string; id: string }>();
    for (const f of findings) {
      const s = f.subject;
      if (s.type !== 'account') continue;
      const key = `${s.source}\0${s.id}`;
      if (!this.accountIndex.has(key)) missing.set(key, { source: s.source ?? '', id: s.id });
    }
    if (missing.size === 0) return;
    for (const key of missing.keys()) this.accountIndex.set(key, []);
    const ps = this.ctx.estate.principals;
    const wanted = new Set([...missing.values()].map((m) => m.id.toLowerCase()));
    scanHotStrings(ps, { account: ['id'], group: [], foreign: [] }, wanted, (i) => {
      const key = `${ps.source(i)}\0${ps.str(i, 'id')}`;
      if (missing.has(key)) this.accountIndex.get(key)!.push(i);
    });
  }

  /** Checks plans together, on the region all of them can affect (the whole estate with record sets). */
  together(plan: Plan, seeds: readonly number[]): CheckResult {
    return this.regions ? this.runMerged(plan, seeds) : this.run(plan, seeds);
  }
}
