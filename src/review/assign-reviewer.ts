import type { ReviewerRule } from '../config/access-review.js';
import { VIA } from '../engine/access-graph.js';
import type { RuleContext } from '../engine/context.js';
import { personResolver } from '../rules/cip/persons.js';
import { reachable } from '../rules/cip/scope.js';

export interface Assignment {
  reviewer: number;
  /** `accessReview.reviewers[n]`: the rule that chose the reviewer. */
  rule: string;
}

/**
 * Picks the reviewer of one person's entitlement. A candidate is eligible when the roster knows them,
 * they are not terminated, and they are neither the person reviewed nor a holder of the entitlement:
 * otherwise the decision would be a self-review (rules/cip/self-review.ts) and count for nothing.
 */
export function reviewerPicker(
  ctx: RuleContext,
  rules: readonly ReviewerRule[],
): (person: number, entitlement: number) => Assignment | undefined {
  const resolve = personResolver(ctx);
  const owners = groupOwners(ctx);
  const reach = new Map<number, Set<number>[]>();
  const reachOf = (p: number): Set<number>[] => {
    let r = reach.get(p);
    if (!r) reach.set(p, (r = [...ctx.people.accountsOf.of(p)].map((a) => reachable(ctx, a))));
    return r;
  };
  const eligible = (candidate: number | undefined, person: number, e: number): candidate is number =>
    candidate !== undefined &&
    candidate !== person &&
    ctx.people.persons.at(candidate).status !== 'terminated' &&
    !reachOf(candidate).some((s) => s.has(e));
  return (person, e) => {
    for (const [i, rule] of rules.entries()) {
      let candidates: (number | undefined)[] = [];
      if ('rosterColumn' in rule) {
        const ref = ctx.people.persons.at(person).attributes?.[rule.rosterColumn];
        candidates = ref ? [resolve(ref)] : [];
      } else if ('groupOwner' in rule) {
        candidates = (owners.get(e) ?? []).map((a) => ctx.people.personOf[a]!).map((p) => (p < 0 ? undefined : p));
      } else if (rule.population === undefined || ctx.population(rule.population).has(person)) {
        candidates = rule.reviewers.map(resolve);
      }
      const chosen = candidates.find((c) => eligible(c, person, e));
      if (chosen !== undefined) return { reviewer: chosen, rule: `accessReview.reviewers[${i}]` };
    }
    return undefined;
  };
}

/** Owners of each group: the principals with an ownership edge into it (Entra owners, AD managedBy). */
function groupOwners(ctx: RuleContext): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const { start, to, via, principalCount } = ctx.graph;
  const ownership = new Set([VIA.indexOf('owner'), VIA.indexOf('group-owner')]);
  for (let v = 0; v < principalCount; v++)
    for (let k = start[v]!; k < start[v + 1]!; k++) {
      if (!ownership.has(via[k]!)) continue;
      const g = to[k]!;
      out.set(g, [...(out.get(g) ?? []), v]);
    }
  return out;
}
