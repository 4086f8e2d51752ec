import type { LoadedConfig } from '../config/load-config.js';
import { Plan } from '../check/plan-schema.js';
import { runCheck, type CheckResult } from '../check/run-check.js';
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

/** Plans checked together at most (a batch's region grows with it). */
const BATCH = 64;

/**
 * The what-if engine (`runCheck`, the code `demarc check --plan` runs) on the part of the estate the plans
 * can affect (plan-region.ts): the check then costs the size of that part, not of the estate, and answers
 * as on the whole estate because the part holds everything the check itself would look at. Plans whose
 * affected subjects do not meet are checked together, in batches: a subject's findings depend only on
 * what it holds, which at most one plan of a batch changes, so each finding that differs belongs to
 * exactly one plan (the one whose affected set holds its subject). When a finding cannot be given to
 * exactly one plan, the batch's plans are checked one by one. With record sets (NERC CIP), the region of
 * any change is the whole estate (check/affected.ts) and each plan is checked on it.
 */
export class Prover {
  private readonly regions: PlanRegions | undefined;
  private readonly toolAccounts: Map<string, number[]>;
  private personIndex: Map<string, number> | undefined;

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
    for (const b of batches) {
      if (b.members.length === 1) {
        one(b.members[0]!);
        continue;
      }
      const c = this.run(
        mergePlans(b.members.map((i) => items[i]!.plan)),
        b.members.flatMap((i) => items[i]!.seeds),
      );
      const owner = (f: Finding): number | undefined => {
        const subject = this.subjectNodes(f);
        const hits = b.members.filter(
          (i) => subject.principals.some((v) => affected[i]!.principals.has(v)) || subject.persons.some((p) => affected[i]!.persons.has(p)),
        );
        return hits.length === 1 ? hits[0] : undefined;
      };
      const found = [...c.resolved, ...c.introduced].map(owner);
      if (found.some((x) => x === undefined)) {
        b.members.forEach(one);
        continue;
      }
      for (const i of b.members) out[i] = { resolved: [], introduced: [], changes: [...items[i]!.steps] };
      c.resolved.forEach((f, k) => out[found[k]!]!.resolved.push(f));
      c.introduced.forEach((f, k) => out[found[c.resolved.length + k]!]!.introduced.push(f));
    }
    return out;
  }

  /** The estate nodes a finding is about: a person (and their accounts), an account, or a tool's identities. */
  private subjectNodes(f: Finding): { principals: number[]; persons: number[] } {
    const { people, estate } = this.ctx;
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
      const principals: number[] = [];
      for (let i = 0; i < estate.principals.length; i++)
        if (estate.principals.source(i) === s.source && estate.principals.str(i, 'id') === s.id) principals.push(i);
      return { principals, persons: [] };
    }
    return { principals: [], persons: [] };
  }

  /** Checks plans together, on the region all of them can affect (the whole estate with record sets). */
  together(plan: Plan, seeds: readonly number[]): CheckResult {
    return this.run(plan, seeds);
  }
}
