import { resolveSourceRef, sourceIdsOf } from '../../correlate/source-ref.js';
import type { RuleContext } from '../../engine/context.js';
import type { ReviewValues } from '../../model/cip-records.js';
import { entitlementFinder } from './coverage.js';
import { personResolver } from './persons.js';
import { recordsOf, type CipRecord } from './records.js';
import { reachable } from './scope.js';

export interface ResolvedReview {
  record: CipRecord<ReviewValues>;
  person: number | undefined;
  reviewer: number | undefined;
  /** Group and role nodes the decision's entitlement names. */
  nodes: number[];
}

/** Review decisions with their person, reviewer and entitlement resolved against the estate. */
export function resolveReviews(ctx: RuleContext): ResolvedReview[] {
  const find = entitlementFinder(ctx);
  const ids = sourceIdsOf(ctx.estate);
  const person = personResolver(ctx);
  return recordsOf(ctx.estate, 'reviews').map((record) => {
    const { hits } = resolveSourceRef(record.value.entitlement, ids, record.value.source, (r) => find(r.name, r.source));
    return { record, person: person(record.value.person), reviewer: person(record.value.reviewer), nodes: hits };
  });
}

/** Every node any account of a person reaches (memberships, nesting, roles). */
export function personReach(ctx: RuleContext, p: number): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const a of ctx.people.accountsOf.of(p)) out.set(a, reachable(ctx, a));
  return out;
}

/** True when a decision on `node` covers entitlement `target` (the same node, or a group nesting into it). */
export const decides = (ctx: RuleContext, node: number, target: number): boolean => node === target || reachable(ctx, node).has(target);
