import type { Person } from '../model/records.js';
import { InputError } from '../util/errors.js';
import { emptyEstate, type Estate, type PrincipalNode } from './estate.js';
import { Persons } from './persons.js';
import { Principals } from './principals.js';

export interface EstatePart {
  estate: Estate;
  /** Source ids to take from this estate; all of them when absent. */
  keep?: ReadonlySet<string>;
}

/**
 * One estate from several (live collection, snapshots from elsewhere): the records of the kept sources,
 * principals renumbered into one index space. References across sources (foreign principals by SID, tool
 * identities, mappings) are by name and resolve in the merged estate as they would in one collection.
 */
export function mergeEstates(parts: readonly EstatePart[], createdAt: string): Estate {
  const out = emptyEstate(createdAt);
  const principals: PrincipalNode[] = [];
  const persons: Person[] = [];
  const seen = new Map<string, number>();
  parts.forEach((part, k) => {
    const { estate } = part;
    const kept = (source: string | undefined): boolean => !part.keep || (source !== undefined && part.keep.has(source));
    for (const s of estate.sources) {
      if (!kept(s.id)) continue;
      if (seen.has(s.id))
        throw new InputError(`source "${s.id}" is in two of the merged estates`, { path: 'sources' }, 'give every source its own id');
      seen.set(s.id, k);
      out.sources.push(s);
    }
    const n = estate.principals.length;
    const to = new Int32Array(n).fill(-1);
    const offset = principals.length;
    for (let i = 0; i < n; i++) if (kept(estate.principals.source(i))) to[i] = principals.push(estate.principals.at(i)) - 1;
    // A reference to a principal of a source not kept cannot be kept either (connectors never make one).
    const map = (refs: readonly number[]): number[] => refs.map((r) => to[r]!).filter((r) => r >= 0);
    for (let j = offset; j < principals.length; j++) {
      const p = principals[j]!;
      if (p.kind === 'group') principals[j] = { ...p, members: map(p.members), ...(p.ownerRefs ? { ownerRefs: map(p.ownerRefs) } : {}) };
      else if (p.kind === 'account' && p.ownerRefs) principals[j] = { ...p, ownerRefs: map(p.ownerRefs) };
    }
    for (const r of estate.roleAssignments) if (kept(r.source) && to[r.p]! >= 0) out.roleAssignments.push({ ...r, p: to[r.p]! });
    for (const a of estate.applications) if (kept(a.source)) out.applications.push({ ...a, ownerRefs: map(a.ownerRefs) });
    out.links.push(...estate.links.filter((l) => kept(l.source)));
    persons.push(...estate.persons.toArray().filter((p) => kept(p.source)));
    out.tools.push(...estate.tools.filter((t) => kept(t.source)));
    out.mappings.push(...estate.mappings.filter((m) => kept(m.record?.source ?? m.source)));
    out.records.push(...estate.records.filter((r) => kept(r.source)));
    out.passwordPolicies.push(...estate.passwordPolicies.filter((pp) => kept(pp.source)));
  });
  out.principals = Principals.of(principals);
  out.persons = Persons.of(persons);
  return out;
}
