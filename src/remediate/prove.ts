import type { LoadedConfig } from '../config/load-config.js';
import { affectedRegion } from '../check/affected.js';
import { applyPlan } from '../check/apply-plan.js';
import { Plan } from '../check/plan-schema.js';
import { runCheck, type CheckResult } from '../check/run-check.js';
import { subEstate } from '../check/sub-estate.js';
import type { Estate } from '../estate/estate.js';
import type { LoadedPack } from '../policy/load-packs.js';

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
 * The what-if engine, run once per plan. Every plan only removes, so the estate is first cut down to
 * the region all of them together can affect (computed as `demarc check` computes one plan's): a
 * region of that estate for one plan is then the same as in the whole estate, and each check costs
 * the size of the region instead of the estate.
 */
export class Prover {
  private readonly estate: Estate;

  constructor(
    private readonly loaded: LoadedConfig,
    whole: Estate,
    private readonly packs: LoadedPack[],
    private readonly now: Date,
    all: readonly Plan[],
  ) {
    if (all.length === 0) {
      this.estate = whole;
      return;
    }
    const applied = applyPlan(whole, loaded.config, mergePlans(all), now);
    const region = affectedRegion(whole, applied, now);
    this.estate = subEstate(whole, region.principals, region.persons);
  }

  check(plan: Plan): CheckResult {
    return runCheck(this.loaded, this.estate, this.packs, plan, this.now);
  }
}
