/**
 * Compressed adjacency (CSR) of an edge list by its `from` end, each node's edges in list order.
 * Placing 10M edges straight at their final slots writes at random over 50 MB, a cache miss per
 * edge; so the edges are first moved, in order, into buckets of 4,096 consecutive nodes (a few
 * hundred write streams), then each bucket is placed within its own slice of the result, which fits
 * in cache. Both moves keep list order, so the result is the one a direct placement gives.
 */
export function adjacencyByFrom(
  from: Int32Array,
  to: Int32Array,
  via: Uint8Array,
  n: number,
  nodeCount: number,
): { start: Int32Array; to: Int32Array; via: Uint8Array } {
  const SHIFT = 12;
  const B = (nodeCount >>> SHIFT) + 1;
  const bstart = new Int32Array(B + 1);
  for (let e = 0; e < n; e++) bstart[(from[e]! >>> SHIFT) + 1]!++;
  for (let b = 0; b < B; b++) bstart[b + 1]! += bstart[b]!;
  const bfill = bstart.slice(0, B);
  const bFrom = new Int32Array(n);
  const bTo = new Int32Array(n);
  const bVia = new Uint8Array(n);
  for (let e = 0; e < n; e++) {
    const f = from[e]!;
    const k = bfill[f >>> SHIFT]!++;
    bFrom[k] = f;
    bTo[k] = to[e]!;
    bVia[k] = via[e]!;
  }
  const start = new Int32Array(nodeCount + 1);
  for (let e = 0; e < n; e++) start[bFrom[e]! + 1]!++;
  for (let v = 0; v < nodeCount; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, nodeCount);
  const outTo = new Int32Array(n);
  const outVia = new Uint8Array(n);
  for (let e = 0; e < n; e++) {
    const k = fill[bFrom[e]!]!++;
    outTo[k] = bTo[e]!;
    outVia[k] = bVia[e]!;
  }
  return { start, to: outTo, via: outVia };
}
