import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccessGraph } from '../../src/engine/access-graph.js';
import { propagateZones } from '../../src/engine/propagate.js';

/** Random directed graphs (self-loops and cycles included) with random zone grants. */
const graphArb = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3 }),
    grants: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: n, maxLength: n }),
  }),
);

function toCsr(n: number, edges: [number, number][]): AccessGraph {
  const start = new Int32Array(n + 1);
  const sorted = [...edges].sort((a, b) => a[0] - b[0]);
  for (const [f] of sorted) start[f + 1]!++;
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const byTarget = [...edges].sort((a, b) => a[1] - b[1]);
  const hstart = new Int32Array(n + 1);
  for (const [, t] of byTarget) hstart[t + 1]!++;
  for (let v = 0; v < n; v++) hstart[v + 1]! += hstart[v]!;
  const holders = { start: hstart, from: Int32Array.from(byTarget.map((e) => e[0])) };
  return {
    nodeCount: n,
    principalCount: n,
    roles: [],
    start,
    to: Int32Array.from(sorted.map((e) => e[1])),
    via: new Uint8Array(sorted.length),
    foreignTarget: new Map(),
    holders,
  };
}

/** The obvious definition: OR of the grants of every node reachable from v (v included). */
function naive(n: number, edges: [number, number][], grants: number[]): number[] {
  return Array.from({ length: n }, (_, v) => {
    const seen = new Set([v]);
    const stack = [v];
    let mask = 0;
    while (stack.length) {
      const x = stack.pop()!;
      mask |= grants[x]!;
      for (const [f, t] of edges)
        if (f === x && !seen.has(t)) {
          seen.add(t);
          stack.push(t);
        }
    }
    return mask;
  });
}

describe('zone propagation', () => {
  it('equals a naive reachability search on random graphs with cycles', () => {
    fc.assert(
      fc.property(graphArb, ({ n, edges, grants }) => {
        const eff = propagateZones(toCsr(n, edges), Uint32Array.from(grants));
        expect(Array.from(eff)).toEqual(naive(n, edges, grants));
      }),
      { numRuns: 300 },
    );
  });

  it('terminates on a long cycle and a deep chain without recursion limits', () => {
    const n = 200_000;
    const edges: [number, number][] = [];
    for (let v = 0; v < n - 1; v++) edges.push([v, v + 1]);
    edges.push([n - 1, n / 2]);
    const grants = new Array<number>(n).fill(0);
    grants[n - 1] = 2;
    const eff = propagateZones(toCsr(n, edges), Uint32Array.from(grants));
    expect(eff[0]).toBe(2);
    expect(eff[n / 2]).toBe(2);
  });
});
