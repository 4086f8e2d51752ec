import type { CollectedSource } from '../model/collected.js';
import type { SourceProblem } from '../model/source.js';
import { InputError } from '../util/errors.js';
import { normalizeDn } from './dn.js';
import { emptyEstate, type Estate, type ForeignNode, type PrincipalNode } from './estate.js';

/**
 * Interns the string references of collected sources into one indexed estate. A member or owner
 * that matches nothing in its source is kept as an unresolved foreign principal and counted as a
 * warning on the source: nothing is dropped silently.
 */
export function assembleEstate(collected: CollectedSource[], createdAt: string): Estate {
  const estate: Estate = emptyEstate(createdAt);
  const seenSources = new Set<string>();
  for (const c of collected) {
    if (seenSources.has(c.source.id))
      throw new InputError(`duplicate source id "${c.source.id}"`, { path: 'sources' }, 'give every source its own id');
    seenSources.add(c.source.id);
    addSource(estate, c);
  }
  return estate;
}

function addSource(estate: Estate, c: CollectedSource): void {
  const sid = c.source.id;
  const byId = new Map<string, number>();
  const first = estate.principals.length;
  /** The DN each principal of this source is found by, besides its id. */
  const dns: (string | undefined)[] = [];
  /**
   * Principals by DN, built on the first reference no id matches: where ids are DNs (an OpenLDAP export
   * without entryUUID) every reference matches an id and no DN map is built. `raw` holds each DN as
   * spelt: a directory writes a member's DN as it writes the member's own entry, so most references are
   * found without normalising anything. `canonical`, by normalised DN, is built only when a reference is
   * spelt as no entry is (another case, spaces after commas, escapes): an export whose references are
   * all spelt as their entries never normalises a DN. A directory cannot hold two entries whose DNs are
   * equal once normalised, and the LDIF reader refuses them; should a hand-made source hold two, the one
   * spelt as the reference is the one found.
   */
  let raw: Map<string, number> | undefined;
  let canonical: Map<string, number> | undefined;
  const add = (p: PrincipalNode, dn?: string): number => {
    // One lookup, not two: the map grows unless the id was there.
    const size = byId.size;
    byId.set(p.id, estate.principals.length);
    if (byId.size === size)
      throw new InputError(`source "${sid}" has two principals with id "${p.id}"`, {}, 'principal ids must be unique within a source');
    const i = estate.principals.push(p);
    dns.push(dn);
    if (dn && raw) raw.set(dn, i);
    if (dn && canonical) canonical.set(normalizeDn(dn), i);
    return i;
  };
  const findDn = (ref: string): number | undefined => {
    if (!raw) {
      raw = new Map();
      for (let k = 0; k < dns.length; k++) if (dns[k]) raw.set(dns[k]!, first + k);
    }
    const hit = raw.get(ref);
    if (hit !== undefined) return hit;
    if (!canonical) {
      canonical = new Map();
      for (let k = 0; k < dns.length; k++) if (dns[k]) canonical.set(normalizeDn(dns[k]!), first + k);
    }
    return canonical.get(normalizeDn(ref));
  };
  for (const a of c.accounts) {
    if (a.owners === undefined && !('owners' in a)) {
      // One copy instead of two for the common account without owners. `kind` first, as a snapshot line has it.
      add({ kind: 'account', ...a, source: sid }, a.dn);
      continue;
    }
    const { owners: _owners, ...rest } = a;
    add({ kind: 'account', ...rest, source: sid }, a.dn);
  }
  const groupIdx: number[] = [];
  for (const g of c.groups) {
    const { members: _m, owners: _o, ...rest } = g;
    groupIdx.push(add({ kind: 'group', ...rest, source: sid, members: [] }, g.dn));
  }
  for (const f of c.foreign) add({ kind: 'foreign', ...f, source: sid }, f.id.includes('=') ? f.id : undefined);

  let unresolved = 0;
  const resolve = (ref: string): number => {
    const hit = byId.get(ref) ?? (ref.includes('=') ? findDn(ref) : undefined);
    if (hit !== undefined) return hit;
    unresolved++;
    const node: ForeignNode = { kind: 'foreign', source: sid, id: ref, name: ref, unresolved: true };
    return add(node, ref.includes('=') ? ref : undefined);
  };
  c.groups.forEach((g, k) => {
    const node = estate.principals.at(groupIdx[k]!) as Extract<PrincipalNode, { kind: 'group' }>;
    node.members = g.members.map(resolve);
    if (g.owners?.length) node.ownerRefs = g.owners.map(resolve);
  });
  c.accounts.forEach((a) => {
    if (!a.owners?.length) return;
    const node = estate.principals.at(byId.get(a.id)!) as Extract<PrincipalNode, { kind: 'account' }>;
    node.ownerRefs = a.owners.map(resolve);
  });
  for (const r of c.roleAssignments) estate.roleAssignments.push({ ...r, kind: 'role', source: sid, p: resolve(r.principal) });
  for (const app of c.applications) {
    const { owners, ...rest } = app;
    estate.applications.push({ ...rest, kind: 'app', source: sid, ownerRefs: owners.map(resolve) });
  }
  const problems: SourceProblem[] = [...c.source.problems];
  if (unresolved > 0) {
    problems.push({
      level: 'warning',
      code: 'unresolved-references',
      message: `${unresolved} member, owner or role principal reference(s) matched no collected object in this source; they are kept as unresolved members`,
    });
  }
  estate.sources.push({ ...c.source, problems });
  estate.links.push(...c.links.map((l) => ({ ...l, source: sid })));
  for (const p of c.persons) estate.persons.push(p);
  estate.tools.push(...c.tools);
  estate.mappings.push(...c.mappings);
  estate.records.push(...c.records);
  estate.passwordPolicies.push(...(c.passwordPolicies ?? []).map((pp) => ({ ...pp, source: sid })));
}
