import type { EntitlementSelector } from '../config/selectors.js';
import { isUnderDn } from '../estate/dn.js';
import type { Estate } from '../estate/estate.js';
import type { AccessGraph } from './access-graph.js';
import { globToRegExp } from '../util/glob.js';

/** The facts a selector can look at, for a group or a role node. */
interface EntitlementFacts {
  type: 'group' | 'role';
  source: string;
  name: string;
  dn?: string;
  ids: string[];
  /** A role assignment's scope ("/" tenant-wide); groups have none. */
  scope?: string;
}

export type NodePredicate = (node: number) => boolean;

function factsOf(estate: Estate, graph: AccessGraph, node: number): EntitlementFacts | undefined {
  if (node >= graph.principalCount) {
    const r = graph.roles[node - graph.principalCount]!;
    return { type: 'role', source: r.source, name: r.roleName, ids: [r.roleId], scope: r.scope };
  }
  const ps = estate.principals;
  if (ps.kind(node) !== 'group') return undefined;
  const id = ps.str(node, 'id')!;
  const sid = ps.str(node, 'sid');
  return { type: 'group', source: ps.source(node), name: ps.str(node, 'name')!, dn: ps.str(node, 'dn'), ids: sid ? [id, sid] : [id] };
}

function compile(sel: EntitlementSelector): (f: EntitlementFacts) => boolean {
  const sources = sel.source === undefined ? undefined : new Set([sel.source].flat());
  const name = sel.name === undefined ? undefined : globToRegExp(sel.name);
  const ids = sel.ids === undefined ? undefined : new Set(sel.ids.map((i) => i.toLowerCase()));
  // Without `scope`, a selector means the tenant-wide role: an administrative-unit assignment grants
  // the role over that unit only, so it must be selected by its scope.
  const scope = globToRegExp(sel.scope ?? '/');
  return (f) =>
    (sel.type === undefined || sel.type === f.type) &&
    (sources === undefined || sources.has(f.source)) &&
    (name === undefined || name.test(f.name)) &&
    (sel.dnSubtree === undefined || (f.dn !== undefined && isUnderDn(f.dn, sel.dnSubtree))) &&
    (ids === undefined || f.ids.some((i) => ids.has(i.toLowerCase()))) &&
    (f.scope === undefined ? sel.scope === undefined : scope.test(f.scope));
}

/** A predicate over graph nodes: true for the groups and roles any of the selectors match. */
export function entitlementPredicate(estate: Estate, graph: AccessGraph, selectors: readonly EntitlementSelector[]): NodePredicate {
  const tests = selectors.map(compile);
  const cache = new Map<number, boolean>();
  return (node) => {
    let hit = cache.get(node);
    if (hit === undefined) {
      const f = factsOf(estate, graph, node);
      hit = f !== undefined && tests.some((t) => t(f));
      cache.set(node, hit);
    }
    return hit;
  };
}

/** Every group or role node the selectors match (scans groups and roles once). */
export function matchingEntitlements(estate: Estate, graph: AccessGraph, selectors: readonly EntitlementSelector[]): number[] {
  if (selectors.length === 0) return [];
  const tests = selectors.map(compile);
  const out: number[] = [];
  for (let v = 0; v < graph.nodeCount; v++) {
    const f = factsOf(estate, graph, v);
    if (f && tests.some((t) => t(f))) out.push(v);
  }
  return out;
}
