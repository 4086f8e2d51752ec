import { chainSteps, stepOf } from '../../engine/chains.js';
import type { RuleContext } from '../../engine/context.js';
import type { Chain, ChainStep } from '../../model/findings.js';

/**
 * The shortest chain from an account to an entitlement it holds (account -> group -> ... -> target),
 * prefixed with the person when there is one. Breadth-first, so the proof is the most direct one.
 */
export function chainTo(ctx: RuleContext, account: number, target: number, person?: number): Chain {
  const prev = new Map<number, { node: number; via: number }>([[account, { node: -1, via: -1 }]]);
  const queue = [account];
  for (let q = 0; q < queue.length && !prev.has(target); q++) {
    const v = queue[q]!;
    for (let e = ctx.graph.start[v]!; e < ctx.graph.start[v + 1]!; e++) {
      const w = ctx.graph.to[e]!;
      if (prev.has(w)) continue;
      prev.set(w, { node: v, via: ctx.graph.via[e]! });
      queue.push(w);
    }
  }
  const nodes: number[] = [];
  const via: number[] = [];
  if (prev.has(target)) {
    for (let x = target; x !== -1; x = prev.get(x)!.node) {
      nodes.unshift(x);
      via.unshift(prev.get(x)!.via);
    }
  } else {
    nodes.push(account);
    via.push(-1);
  }
  return { steps: withPerson(ctx, chainSteps(ctx, { nodes, via }), person) };
}

/** A one-step chain naming an account (prefixed with its person). */
export const accountChain = (ctx: RuleContext, account: number, person?: number): Chain => ({
  steps: withPerson(ctx, [stepOf(ctx, account)], person),
});

function withPerson(ctx: RuleContext, steps: ChainStep[], person: number | undefined): ChainStep[] {
  if (person === undefined || person < 0) return steps;
  const p = ctx.people.persons.at(person);
  steps[0] = { ...steps[0]!, via: 'correlated' };
  return [{ type: 'person', id: p.id, name: p.name }, ...steps];
}

/**
 * A readable name for an entitlement node: "source:name". A role assigned over an administrative unit
 * is another entitlement than the tenant-wide role, so its id carries the scope (finding keys differ).
 */
export function entitlementName(ctx: RuleContext, node: number): { source: string; name: string; id: string } {
  const s = stepOf(ctx, node);
  const role = node >= ctx.graph.principalCount ? ctx.graph.roles[node - ctx.graph.principalCount] : undefined;
  const id = role && role.scope !== '/' ? `${s.id}@${role.scope}` : s.id;
  return { source: s.source ?? '', name: s.name, id };
}
