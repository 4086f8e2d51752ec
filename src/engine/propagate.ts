import type { AccessGraph } from './access-graph.js';

/**
 * Effective zones of every node: its own grant OR the effective zones of everything it holds.
 * One iterative Tarjan pass: strongly connected components (group nesting cycles) complete in
 * reverse topological order, so each component's mask is final when it is popped. Linear in
 * nodes + edges; no recursion, so depth is unbounded.
 */
export function propagateZones(g: AccessGraph, grant: Uint32Array): Uint32Array {
  const N = g.nodeCount;
  const eff = new Uint32Array(N);
  const index = new Int32Array(N).fill(-1);
  const low = new Int32Array(N);
  const onStack = new Uint8Array(N);
  const stack = new Int32Array(N);
  const callNode = new Int32Array(N);
  const callEdge = new Int32Array(N);
  let sp = 0;
  let counter = 0;

  for (let root = 0; root < N; root++) {
    if (index[root] !== -1) continue;
    // Leaves (no outgoing edge) are the common case: no stack work needed.
    if (g.start[root] === g.start[root + 1]) {
      index[root] = counter++;
      eff[root] = grant[root]!;
      continue;
    }
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = g.start[root]!;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth]!;
      const e = callEdge[depth]!;
      if (e < g.start[v + 1]!) {
        callEdge[depth] = e + 1;
        const w = g.to[e]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = g.start[w]!;
        } else if (onStack[w] && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      if (low[v] === index[v]) {
        // Pop the component; successors outside it are final, members inside still read 0.
        let top = sp;
        let mask = 0;
        let w: number;
        do {
          w = stack[--top]!;
          mask |= grant[w]!;
          for (let k = g.start[w]!; k < g.start[w + 1]!; k++) mask |= eff[g.to[k]!]!;
        } while (w !== v);
        for (let k = top; k < sp; k++) {
          const x = stack[k]!;
          eff[x] = mask;
          onStack[x] = 0;
        }
        sp = top;
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  return eff;
}
