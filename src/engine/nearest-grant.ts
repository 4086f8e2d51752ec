import type { AccessGraph } from './access-graph.js';
import type { ReverseGraph } from './reverse.js';

/** `next` values: -1 the node grants the zone itself; -2 it cannot reach the zone. */
export const GRANTS_ITSELF = -1;
export const UNREACHABLE = -2;

/**
 * For one zone, the next hop of every node on a shortest path to the nearest node granting it:
 * one multi-source breadth-first search from all granting nodes along holder lists, linear in the
 * graph. Chains for any number of findings are then read off by following `next`, instead of one
 * search per finding.
 */
export function nearestGrant(g: AccessGraph, rev: ReverseGraph, grant: Uint32Array, bit: number): Int32Array {
  const N = g.nodeCount;
  const next = new Int32Array(N).fill(UNREACHABLE);
  const queue = new Int32Array(N);
  let tail = 0;
  for (let v = 0; v < N; v++) {
    if (grant[v]! & bit) {
      next[v] = GRANTS_ITSELF;
      queue[tail++] = v;
    }
  }
  for (let head = 0; head < tail; head++) {
    const w = queue[head]!;
    for (let e = rev.start[w]!; e < rev.start[w + 1]!; e++) {
      const v = rev.from[e]!;
      if (next[v] === UNREACHABLE) {
        next[v] = w;
        queue[tail++] = v;
      }
    }
  }
  return next;
}

/** Follows next hops from `from`; the via of each hop is the edge's own. */
export function chainFromNext(g: AccessGraph, next: Int32Array, from: number): { nodes: number[]; via: number[] } | undefined {
  if (next[from] === UNREACHABLE) return undefined;
  const nodes = [from];
  const via = [-1];
  for (let v = from; next[v] !== GRANTS_ITSELF;) {
    const w = next[v]!;
    let code = -1;
    for (let e = g.start[v]!; e < g.start[v + 1]!; e++) {
      if (g.to[e] === w) {
        code = g.via[e]!;
        break;
      }
    }
    nodes.push(w);
    via.push(code);
    v = w;
  }
  return { nodes, via };
}
