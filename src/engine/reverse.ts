import type { AccessGraph, ReverseGraph } from './access-graph.js';

export type { ReverseGraph } from './access-graph.js';

/** Holder lists (granted -> holders), built with the graph (access-graph.ts). */
export const reverseGraph = (g: AccessGraph): ReverseGraph => g.holders;

/** Every node that holds one of `targets`, directly or through nesting (targets included). */
export function holdersOf(r: ReverseGraph, targets: Iterable<number>): Uint8Array {
  const seen = new Uint8Array(r.start.length - 1);
  const queue: number[] = [];
  for (const t of targets)
    if (!seen[t]) {
      seen[t] = 1;
      queue.push(t);
    }
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (let e = r.start[v]!; e < r.start[v + 1]!; e++) {
      const h = r.from[e]!;
      if (!seen[h]) {
        seen[h] = 1;
        queue.push(h);
      }
    }
  }
  return seen;
}
