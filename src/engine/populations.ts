import type { PopulationSelector } from '../config/selectors.js';
import type { People } from '../correlate/correlate.js';
import type { Estate } from '../estate/estate.js';
import type { AccessGraph } from './access-graph.js';
import { matchingEntitlements } from './entitlement-match.js';
import { globToRegExp } from './glob.js';
import { holdersOf, reverseGraph, type ReverseGraph } from './reverse.js';

/** Resolves a population selector to person indexes. All given criteria must hold. */
export function resolvePopulation(
  sel: PopulationSelector,
  estate: Estate,
  graph: AccessGraph,
  people: People,
  now: Date,
  reverse: () => ReverseGraph,
): Set<number> {
  const depts = sel.department?.map((d) => d.toLowerCase());
  const title = sel.title ? globToRegExp(sel.title) : undefined;
  const ids = sel.ids ? new Set(sel.ids.map((i) => i.toLowerCase())) : undefined;
  let holders: Uint8Array | undefined;
  if (sel.memberOf) holders = holdersOf(reverse(), matchingEntitlements(estate, graph, sel.memberOf));
  const out = new Set<number>();
  people.persons.forEach((p, i) => {
    if (depts && !(p.department && depts.includes(p.department.toLowerCase()))) return;
    if (title && !(p.title && title.test(p.title))) return;
    if (ids && !ids.has(p.id.toLowerCase())) return;
    if (sel.attributes && !Object.entries(sel.attributes).every(([k, v]) => (p.attributes?.[k] ?? (p as unknown as Record<string, unknown>)[k]) === v)) return;
    if (holders) {
      const h = holders;
      const holds = people.accountsOf[i]!.some((a) => h[a] && estate.principals.isActive(a, now.getTime()));
      if (!holds) return;
    }
    out.add(i);
  });
  return out;
}

export { reverseGraph };
