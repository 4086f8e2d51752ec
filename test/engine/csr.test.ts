import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjacencyByFrom } from '../../src/engine/csr.js';

/** The adjacency as a direct placement writes it: each node's edges in list order. */
function direct(from: number[], to: number[], via: number[], N: number): { start: number[]; to: number[]; via: number[] } {
  const lists = Array.from({ length: N }, () => [] as [number, number][]);
  from.forEach((f, e) => lists[f]!.push([to[e]!, via[e]!]));
  const start = [0];
  for (const l of lists) start.push(start.at(-1)! + l.length);
  return { start, to: lists.flatMap((l) => l.map((x) => x[0])), via: lists.flatMap((l) => l.map((x) => x[1])) };
}

describe('adjacencyByFrom', () => {
  it('gives every node its edges in list order, across bucket boundaries (4,096 nodes each)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 20_000 })
          .chain((N) => fc.tuple(fc.constant(N), fc.array(fc.tuple(fc.nat(N - 1), fc.nat(N - 1), fc.nat(6)), { maxLength: 3_000 }))),
        ([N, edges]) => {
          const from = edges.map((e) => e[0]);
          const to = edges.map((e) => e[1]);
          const via = edges.map((e) => e[2]);
          const got = adjacencyByFrom(Int32Array.from(from), Int32Array.from(to), Uint8Array.from(via), edges.length, N);
          const want = direct(from, to, via, N);
          expect([...got.start]).toEqual(want.start);
          expect([...got.to]).toEqual(want.to);
          expect([...got.via]).toEqual(want.via);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads only the first n edges of longer buffers', () => {
    const got = adjacencyByFrom(Int32Array.from([1, 0, 1, 0]), Int32Array.from([5, 6, 7, 8]), Uint8Array.from([1, 2, 3, 4]), 3, 2);
    expect([...got.start]).toEqual([0, 1, 3]);
    expect([...got.to]).toEqual([6, 5, 7]);
    expect([...got.via]).toEqual([2, 1, 3]);
  });
});
