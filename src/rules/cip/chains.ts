import { chainSteps, shortestPath, stepOf } from '../../engine/chains.js';
import type { RuleContext } from '../../engine/context.js';
import type { Chain, ChainStep } from '../../model/findings.js';

/**
 * The shortest chain from an account to an entitlement it holds (account -> group -> ... -> target),
 * prefixed with the person when there is one. Breadth-first, so the proof is the most direct one.
 */
export function chainTo(ctx: RuleContext, account: number, target: number, person?: number): Chain {
  const found =
    account === target
      ? undefined
      : shortestPath(
          ctx.graph,
          account,
          () => true,
          (w) => w === target,
        );
  const p = person !== undefined && person >= 0 ? ctx.people.persons.at(person) : undefined;
  return { steps: chainSteps(ctx, found ?? { nodes: [account], via: [-1] }, p) };
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
