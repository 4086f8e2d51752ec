import type { PopulationSelector } from '../config/selectors.js';
import type { People } from '../correlate/correlate.js';
import type { Estate } from '../estate/estate.js';
import { WantedKeys } from '../estate/raw-table.js';
import type { AccessGraph } from './access-graph.js';
import { matchingEntitlements } from './entitlement-match.js';
import { globToRegExp } from '../util/glob.js';
import { PersonSet } from './person-set.js';
import { holdersOf, reverseGraph, type ReverseGraph } from './reverse.js';

/** Resolves a population selector to person indexes. All given criteria must hold. */
export function resolvePopulation(
  sel: PopulationSelector,
  estate: Estate,
  graph: AccessGraph,
  people: People,
  now: Date,
  reverse: () => ReverseGraph,
): PersonSet {
  const depts = sel.department?.map((d) => d.toLowerCase());
  // Departments compared on the bytes where the roster line is plain ASCII: no string per person.
  const wantedDepts = depts ? new WantedKeys(new Set(depts)) : undefined;
  const title = sel.title ? globToRegExp(sel.title) : undefined;
  const ids = sel.ids ? new Set(sel.ids.map((i) => i.toLowerCase())) : undefined;
  let holders: Uint8Array | undefined;
  if (sel.memberOf) holders = holdersOf(reverse(), matchingEntitlements(estate, graph, sel.memberOf));
  const ps = people.persons;
  const nowMs = now.getTime();
  return PersonSet.where(ps.length, (i) => {
    // Columns first (no record built); attributes only for the persons that pass them.
    if (wantedDepts && ps.matchLower(i, 'department', wantedDepts) === undefined) return false;
    if (title) {
      const t = ps.str(i, 'title');
      if (!(t && title.test(t))) return false;
    }
    if (ids && !ids.has(ps.str(i, 'id')!.toLowerCase())) return false;
    if (sel.attributes) {
      const p = ps.at(i);
      if (!Object.entries(sel.attributes).every(([k, v]) => (ps.attribute(i, k) ?? (p as unknown as Record<string, unknown>)[k]) === v))
        return false;
    }
    if (holders) {
      const h = holders;
      if (!people.accountsOf.of(i).some((a) => h[a] && estate.principals.isActive(a, nowMs))) return false;
    }
    return true;
  });
}

export { reverseGraph };
