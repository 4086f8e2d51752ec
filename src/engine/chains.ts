import type { Estate } from '../estate/estate.js';
import type { ChainStep } from '../model/findings.js';
import { VIA, type AccessGraph } from './access-graph.js';
import type { ZoneTable } from './zones.js';
import { chainFromNext } from './nearest-grant.js';

export interface ChainSearch {
  estate: Estate;
  graph: AccessGraph;
  grant: Uint32Array;
  effective: Uint32Array;
  zones: ZoneTable;
  /** Next hops toward the nearest grant of a zone bit (see nearest-grant.ts), computed once per zone. */
  nextHop?: (bit: number) => Int32Array;
}

/** The chain step describing one node. */
export function stepOf(s: ChainSearch, node: number, via?: ChainStep['via'], grants?: number): ChainStep {
  const g = grants ? { grants: s.zones.names(grants) } : {};
  const v = via ? { via } : {};
  if (node >= s.graph.principalCount) {
    const r = s.graph.roles[node - s.graph.principalCount]!;
    return { type: 'role', source: r.source, id: r.roleId, name: r.name, ...v, ...g };
  }
  const p = s.estate.principals.at(node);
  const name = p.kind === 'account' ? (p.upn ?? p.samAccountName ?? p.name) : p.kind === 'group' ? p.name : (p.name ?? p.sid ?? p.id);
  return { type: p.kind === 'foreign' ? 'foreign' : p.kind, source: p.source, id: p.id, name, ...v, ...g };
}

/**
 * Shortest chain from `from` to a node that grants `bit`, walking only nodes whose effective zones
 * include it (so the search stays inside the part of the graph that can answer). `skip` excludes
 * nodes and what is reached only through them; `ignoreStartGrant` looks only at what the start node
 * holds, not at what it grants by itself.
 * Returns node indexes with the via code of the edge into each, or undefined when none exists.
 */
export function findChain(
  s: ChainSearch,
  from: number,
  bit: number,
  opts: { skip?: (node: number) => boolean; ignoreStartGrant?: boolean } = {},
): { nodes: number[]; via: number[] } | undefined {
  const skip = opts.skip;
  if ((s.effective[from]! & bit) === 0) return undefined;
  if (!skip && !opts.ignoreStartGrant && s.nextHop) return chainFromNext(s.graph, s.nextHop(bit), from);
  if (!opts.ignoreStartGrant && s.grant[from]! & bit) return { nodes: [from], via: [-1] };
  const prev = new Map<number, { node: number; via: number }>([[from, { node: -1, via: -1 }]]);
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (let e = s.graph.start[v]!; e < s.graph.start[v + 1]!; e++) {
      const w = s.graph.to[e]!;
      if (prev.has(w) || (s.effective[w]! & bit) === 0 || skip?.(w)) continue;
      prev.set(w, { node: v, via: s.graph.via[e]! });
      if (s.grant[w]! & bit) {
        const nodes: number[] = [];
        const via: number[] = [];
        for (let x = w; x !== -1; x = prev.get(x)!.node) {
          nodes.unshift(x);
          via.unshift(prev.get(x)!.via);
        }
        return { nodes, via };
      }
      queue.push(w);
    }
  }
  return undefined;
}

/** Renders a found chain as steps; the granting (last) step lists the zones it grants. */
export function chainSteps(s: ChainSearch, found: { nodes: number[]; via: number[] }): ChainStep[] {
  return found.nodes.map((n, i) => {
    const via =
      found.via[i]! >= 0
        ? VIA[found.via[i]!]
        : n < s.graph.principalCount && s.estate.principals.at(n).kind === 'account' && i === found.nodes.length - 1
          ? 'account-in-source'
          : undefined;
    return stepOf(s, n, via, i === found.nodes.length - 1 ? s.grant[n] : undefined);
  });
}
