import { normalizeKey } from '../util/normalize.js';
import type { Estate, PrincipalNode } from '../estate/estate.js';
import { Principals } from '../estate/principals.js';
import { Persons } from '../estate/persons.js';
import type { Person } from '../model/records.js';
import type { EstateOverlay } from './overlay.js';

/** Where a cut reads its records from: an estate, or an estate with a plan's edits laid over it. */
interface CutFrom {
  estate: Estate;
  principalCount: number;
  principal(v: number): PrincipalNode;
  person(i: number): Person;
  parts: Pick<Estate, 'roleAssignments' | 'applications' | 'mappings' | 'tools' | 'links'>;
}

/**
 * The estate cut down to `principals` (ascending indexes; relative order is kept so that graph
 * adjacency, and so chains, come out as in the whole estate) and `persons`. References to principals
 * outside the cut are dropped: the cut contains everything its members hold, so what is dropped are
 * only edges from outside into it. Sources, tools, links and record sets are kept whole. Only the
 * records of the cut are read.
 */
export function subEstate(estate: Estate, principals: readonly number[], persons: readonly number[]): Estate {
  return cut(
    {
      estate,
      principalCount: estate.principals.length,
      principal: (v) => estate.principals.at(v),
      person: (i) => estate.persons.at(i),
      parts: estate,
    },
    principals,
    persons,
  );
}

/** The changed estate (a plan's edits over the estate's tables) cut down to `principals` and `persons`. */
export function subEstateAfter(o: EstateOverlay, principals: readonly number[], persons: readonly number[]): Estate {
  return cut(
    {
      estate: o.base,
      principalCount: o.principalCount,
      principal: (v) => o.node(v),
      person: (i) => o.person(i),
      parts: o,
    },
    principals,
    persons,
  );
}

function cut(from: CutFrom, principals: readonly number[], persons: readonly number[]): Estate {
  const at = new Int32Array(from.principalCount).fill(-1);
  principals.forEach((v, i) => (at[v] = i));
  const refs = (xs: readonly number[]): number[] => xs.filter((x) => at[x]! >= 0).map((x) => at[x]!);
  const kept: PrincipalNode[] = principals.map((v) => {
    const p = from.principal(v);
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
  const cutPersons = persons.map((i) => from.person(i));
  const personSet = new Set(cutPersons.map((p) => normalizeKey(p.id)));
  const { parts } = from;
  return {
    ...from.estate,
    tools: parts.tools,
    links: parts.links,
    principals: Principals.of(kept),
    roleAssignments: parts.roleAssignments.filter((r) => at[r.p]! >= 0).map((r) => ({ ...r, p: at[r.p]! })),
    applications: parts.applications
      .filter((a) => spByApp.has(`${a.source}\0${a.appId}`))
      .map((a) => ({ ...a, ownerRefs: refs(a.ownerRefs) })),
    persons: Persons.of(cutPersons),
    mappings: parts.mappings.filter(
      (m) => accountNames.has(`${m.source}\0${normalizeKey(m.account)}`) && personSet.has(normalizeKey(m.person)),
    ),
  };
}
