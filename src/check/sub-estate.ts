import { normalizeKey } from '../util/normalize.js';
import type { Estate, PrincipalNode } from '../estate/estate.js';
import { Principals } from '../estate/principals.js';
import { Persons } from '../estate/persons.js';

/**
 * The estate cut down to `principals` (ascending indexes; relative order is kept so that graph
 * adjacency, and so chains, come out as in the whole estate) and `persons`. References to principals
 * outside the cut are dropped: the cut contains everything its members hold, so what is dropped are
 * only edges from outside into it. Sources, tools, links and record sets are kept whole.
 */
export function subEstate(estate: Estate, principals: readonly number[], persons: readonly number[]): Estate {
  const at = new Int32Array(estate.principals.length).fill(-1);
  principals.forEach((v, i) => (at[v] = i));
  const refs = (xs: readonly number[]): number[] => xs.filter((x) => at[x]! >= 0).map((x) => at[x]!);
  const kept: PrincipalNode[] = principals.map((v) => {
    const p = estate.principals.at(v);
    if (p.kind === 'group')
      return p.ownerRefs ? { ...p, members: refs(p.members), ownerRefs: refs(p.ownerRefs) } : { ...p, members: refs(p.members) };
    if (p.kind === 'account' && p.ownerRefs) return { ...p, ownerRefs: refs(p.ownerRefs) };
    return p;
  });
  const spByApp = new Set<string>();
  for (const p of kept) if (p.kind === 'account' && p.appId) spByApp.add(`${p.source}\0${p.appId}`);
  const accountNames = new Set<string>();
  for (const p of kept) {
    if (p.kind !== 'account') continue;
    for (const n of [p.id, p.upn, p.samAccountName, p.dn]) if (n) accountNames.add(`${p.source}\0${normalizeKey(n)}`);
  }
  const personSet = new Set(persons.map((i) => normalizeKey(estate.persons.at(i).id)));
  return {
    ...estate,
    principals: Principals.of(kept),
    roleAssignments: estate.roleAssignments.filter((r) => at[r.p]! >= 0).map((r) => ({ ...r, p: at[r.p]! })),
    applications: estate.applications
      .filter((a) => spByApp.has(`${a.source}\0${a.appId}`))
      .map((a) => ({ ...a, ownerRefs: refs(a.ownerRefs) })),
    persons: Persons.of(persons.map((i) => estate.persons.at(i))),
    mappings: estate.mappings.filter(
      (m) => accountNames.has(`${m.source}\0${normalizeKey(m.account)}`) && personSet.has(normalizeKey(m.person)),
    ),
  };
}
