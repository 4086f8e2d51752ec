import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AccessGraph } from '../../src/engine/access-graph.js';
import { shortestPath } from '../../src/engine/chains.js';

/** A graph of `n` nodes from an edge list, as the access graph holds it (CSR, edges in list order). */
function graphOf(n: number, edges: [number, number][]): AccessGraph {
  const start = new Uint32Array(n + 1);
  for (const [a] of edges) start[a + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const to = new Uint32Array(edges.length);
  const via = new Uint8Array(edges.length);
  edges.forEach(([a, b], k) => {
    to[fill[a]!] = b;
    via[fill[a]!++] = k % 3;
  });
  return { start, to, via, nodeCount: n, principalCount: n, roles: [] } as unknown as AccessGraph;
}

/** Distances by relaxing every edge until nothing changes, written separately from the builder. */
function distances(n: number, edges: [number, number][], from: number, enter: (x: number) => boolean): number[] {
  const d = new Array<number>(n).fill(Infinity);
  d[from] = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (const [a, b] of edges) {
      if (d[a]! + 1 >= d[b]! || !enter(b)) continue;
      d[b] = d[a]! + 1;
      changed = true;
    }
  }
  return d;
}

describe('shortestPath, the one chain builder', () => {
  it('finds a shortest path to a target through enterable nodes only, each step an edge with its via', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 40 }),
            targets: fc.uniqueArray(fc.nat(n - 1), { maxLength: 3 }),
            blocked: fc.uniqueArray(fc.nat(n - 1), { maxLength: 3 }),
          }),
        ),
        ({ n, edges, targets, blocked }) => {
          const g = graphOf(n, edges);
          const enter = (x: number) => !blocked.includes(x);
          const found = shortestPath(g, 0, enter, (x) => targets.includes(x));
          const d = distances(n, edges, 0, enter);
          const best = Math.min(...targets.filter((t) => t !== 0).map((t) => d[t]!));
          if (!Number.isFinite(best)) {
            expect(found).toBeUndefined();
            return;
          }
          expect(found!.nodes.length - 1).toBe(best);
          expect(found!.nodes[0]).toBe(0);
          expect(found!.via[0]).toBe(-1);
          expect(targets).toContain(found!.nodes.at(-1));
          for (let i = 1; i < found!.nodes.length; i++) {
            const [a, b] = [found!.nodes[i - 1]!, found!.nodes[i]!];
            expect(enter(b)).toBe(true);
            const k = edges.findIndex(([x, y], j) => x === a && y === b && j % 3 === found!.via[i]);
            expect(k).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });
});
