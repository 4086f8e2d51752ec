import type { AccessGraph } from './access-graph.js';

export interface ReverseGraph {
  start: Int32Array;
  from: Int32Array;
}

/** Holder lists (granted -> holders), built on demand when a rule needs to walk downward. */
export function reverseGraph(g: AccessGraph): ReverseGraph {
  const N = g.nodeCount;
  const start = new Int32Array(N + 1);
  for (let e = 0; e < g.to.length; e++) start[g.to[e]! + 1]!++;
  for (let v = 0; v < N; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, N);
  const from = new Int32Array(g.to.length);
  for (let v = 0; v < N; v++) for (let e = g.start[v]!; e < g.start[v + 1]!; e++) from[fill[g.to[e]!]!++] = v;
  return { start, from };
}

/** Every node that holds one of `targets`, directly or through nesting (targets included). */
export function holdersOf(r: ReverseGraph, targets: Iterable<number>): Uint8Array {
  const seen = new Uint8Array(r.start.length - 1);
  const queue: number[] = [];
  for (const t of targets) if (!seen[t]) (seen[t] = 1), queue.push(t);
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (let e = r.start[v]!; e < r.start[v + 1]!; e++) {
      const h = r.from[e]!;
      if (!seen[h]) (seen[h] = 1), queue.push(h);
    }
  }
  return seen;
}
