import { resolveSourceRef, sourceIdsOf } from '../../correlate/source-ref.js';
import type { RuleContext } from '../../engine/context.js';
import type { ReviewValues } from '../../model/cip-records.js';
import { entitlementFinder } from './coverage.js';
import { hasRoster, personResolver } from './persons.js';
import { hasRecordSet, recordsOf, type CipRecord } from './records.js';
import { reachable, resolveScope, type ResolvedScope, type Scope } from './scope.js';

export interface ResolvedReview {
  record: CipRecord<ReviewValues>;
  person: number | undefined;
  reviewer: number | undefined;
  /** Group and role nodes the decision's entitlement names. */
  nodes: number[];
}

/**
 * What every review kind needs before it can judge a decision: a roster to match `matched` (persons or
 * reviewers) to, the review record set, and its scope. Otherwise the reason the rule cannot run.
 */
export function reviewScope(ctx: RuleContext, scope: Scope, matched: string): ResolvedScope | { notEvaluated: string } {
  if (!hasRoster(ctx))
    return { notEvaluated: `no HR roster in the estate: ${matched} cannot be matched to persons (add a csv source with records: roster)` };
  if (!hasRecordSet(ctx.estate, 'reviews'))
    return {
      notEvaluated: 'no access review decisions in the estate (add the completed worksheets as a csv source with records: reviews)',
    };
  const resolved = resolveScope(ctx, scope);
  return typeof resolved === 'string' ? { notEvaluated: resolved } : resolved;
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

/**
 * Why a decision is not an independent verification: the reviewer is the person reviewed (`self`), or
 * holds one of the nodes the decision names (`held`, that node). Undefined when it is independent, and
 * when the reviewer is not in the roster (reported as such, not as self-review).
 */
export function dependence(ctx: RuleContext, r: ResolvedReview): { self: true } | { held: number } | undefined {
  if (r.reviewer === undefined) return undefined;
  if (r.person !== undefined && r.reviewer === r.person) return { self: true };
  const reach = [...personReach(ctx, r.reviewer).values()];
  const held = r.nodes.find((n) => reach.some((nodes) => nodes.has(n)));
  return held === undefined ? undefined : { held };
}

/** True when a decision on `node` covers entitlement `target` (the same node, or a group nesting into it). */
export const decides = (ctx: RuleContext, node: number, target: number): boolean => node === target || reachable(ctx, node).has(target);
