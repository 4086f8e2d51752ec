import type { LoadedConfig } from '../config/load-config.js';
import { Plan } from '../check/plan-schema.js';
import { runCheck, type CheckResult } from '../check/run-check.js';
import { subEstate } from '../check/sub-estate.js';
import type { Estate } from '../estate/estate.js';
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

/**
 * The what-if engine (`runCheck`, the code `demarc check --plan` runs), once per plan, on the part of
 * the estate the plan can affect (plan-region.ts): the check then costs the size of that part, not
 * of the estate, and answers as on the whole estate because the part holds everything the check
 * itself would look at. With record sets (CIP), the region of any change is the whole estate, as in
 * check/affected.ts, and the check runs on it. `together` checks the merged plans on the whole estate.
 */
export class Prover {
  private readonly regions: PlanRegions | undefined;

  constructor(
    private readonly loaded: LoadedConfig,
    private readonly whole: Estate,
    private readonly packs: LoadedPack[],
    private readonly now: Date,
    ctx: RuleContext,
  ) {
    this.regions = whole.records.length > 0 ? undefined : new PlanRegions(ctx);
  }

  /** Checks one plan; `seeds` are the nodes whose holdings it changes (estate indexes). */
  check(plan: Plan, seeds: readonly number[]): CheckResult {
    if (!this.regions) return runCheck(this.loaded, this.whole, this.packs, plan, this.now);
    const r = this.regions.region(seeds);
    return runCheck(this.loaded, subEstate(this.whole, r.principals, r.persons), this.packs, plan, this.now);
  }

  /** Checks plans together, on the whole estate. */
  together(plan: Plan): CheckResult {
    return runCheck(this.loaded, this.whole, this.packs, plan, this.now);
  }
}
