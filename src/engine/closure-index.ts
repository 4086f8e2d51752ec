import type { ChainSearch } from './chains.js';
import type { HoldingSearch } from './held-entitlements.js';

/** Entitlements kept per zone and component: the most an account's holdings show as chains. */
export const TOP = 10;

/**
 * What every held node leads to within the zones of one mask, summarised once per run, so that an
 * account's holdings are read off its direct entitlements instead of an upward search of its own (a
 * closure of tens of thousands of groups per account at a million accounts).
 *
 * Nodes are those something holds (a holder list) and that give a zone of the mask; cycles are
 * collapsed into components (Tarjan), numbered sinks first, so every edge between components goes
 * from a higher number to a lower one. Per component and zone: its best TOP entitlement keys (the
 * ranks of `rankEntitlements`, ascending) over everything it leads to, itself included, which compose
 * exactly (the best TOP of a union are the best TOP of the parts' best TOP); how many entitlements of
 * the zone it holds itself (the weight summed by a multi-source search for exact counts); and the
 * components it leads to directly.
 */
export interface ClosureIndex {
  mask: number;
  bits: number[];
  /** Node -> component, or -1 for a node outside the index. */
  comp: Int32Array;
  count: number;
  /** (component * zones + zone) * TOP + i: key, ascending; `len` says how many are set. */
  top: Int32Array;
  len: Uint8Array;
  /** (component * zones + zone): entitlements of the zone inside the component itself. */
  weight: Int32Array;
  /** Components led to directly: dagTo[dagStart[c] .. dagStart[c + 1]). */
  dagStart: Int32Array;
  dagTo: Int32Array;
  /** Node -> its place among the nodes inside, for `dist`. */
  slot: Int32Array;
  /** (slot * zones + zone) * TOP + i: steps from the node to its component's i-th best entitlement. */
  dist: Uint16Array;
}

/** No path: more steps than any chain has. */
export const FAR = 0xffff;

/** Grows an Int32Array by doubling. */
class IntList {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

export function buildClosureIndex(s: HoldingSearch, rank: Int32Array, mask: number, bits: number[]): ClosureIndex {
  const { graph, effective, grant, baseline } = s;
  const holders = graph.holders;
  const n = graph.nodeCount;
  const inside = (v: number): boolean => (effective[v]! & mask) !== 0 && holders.start[v + 1]! > holders.start[v]!;
  const zn = bits.length;
  const comp = new Int32Array(n).fill(-1);
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new IntList();
  const callNode = new IntList();
  const callEdge = new IntList();
  const dagStart = new IntList();
  const dagTo = new IntList();
  const top = new IntList();
  const len = new IntList();
  const weight = new IntList();
  const seen = new Int32Array(n).fill(-1); // component last added as a successor of the component being closed
  const cand = new IntList();
  const slot = new Int32Array(n).fill(-1);
  let slots = 0;
  for (let v = 0; v < n; v++) if (inside(v)) slot[v] = slots++;
  const dist = new Uint16Array(slots * zn * TOP).fill(FAR);
  // Place of a key in the component being closed (valid where `posTag` holds that component's tag).
  const pos = new Int8Array(rank.length);
  const posTag = new Int32Array(rank.length).fill(-1);
  const order: number[] = [];
  const place = new Int32Array(n);
  const queue: number[] = [];
  let counter = 0;
  let count = 0;

  const close = (root: number): void => {
    // Pop the component; its members are above `root` on the stack.
    const c = count++;
    const members: number[] = [];
    let v: number;
    do {
      v = stack.a[--stack.n]!;
      onStack[v] = 0;
      comp[v] = c;
      members.push(v);
    } while (v !== root);
    dagStart.push(dagTo.n);
    for (const m of members)
      for (let e = graph.start[m]!; e < graph.start[m + 1]!; e++) {
        const d = comp[graph.to[e]!]!;
        if (d < 0 || d === c || seen[d] === c) continue;
        seen[d] = c;
        dagTo.push(d);
      }
    const inner = members.length > 1 ? innerHolders(c, members) : undefined;
    for (let zi = 0; zi < zn; zi++) {
      const bit = bits[zi]!;
      cand.n = 0;
      let w = 0;
      for (const m of members)
        if (grant[m]! & bit && !baseline[m]) {
          cand.push(rank[m]!);
          w++;
        }
      for (let k = dagStart.a[c]!; k < dagTo.n; k++) {
        const d = dagTo.a[k]!;
        const at = (d * zn + zi) * TOP;
        for (let i = 0; i < len.a[d * zn + zi]!; i++) cand.push(top.a[at + i]!);
      }
      const sorted = cand.a.subarray(0, cand.n).sort();
      let kept = 0;
      for (let i = 0; i < sorted.length && kept < TOP; i++) {
        if (i > 0 && sorted[i] === sorted[i - 1]) continue;
        top.push(sorted[i]!);
        kept++;
      }
      for (let i = kept; i < TOP; i++) top.push(-1);
      len.push(kept);
      weight.push(w);
      distances(c, zi, members, inner);
    }
  };

  // Holder lists inside a cycle's component, by place among its members (built once per component:
  // a group's own holder list also names its accounts, thousands of them).
  const innerHolders = (c: number, members: number[]): { start: Int32Array; from: Int32Array } => {
    members.forEach((m, i) => (place[m] = i));
    const start = new Int32Array(members.length + 1);
    for (const m of members)
      for (let e = graph.start[m]!; e < graph.start[m + 1]!; e++) if (comp[graph.to[e]!] === c) start[place[graph.to[e]!]! + 1]!++;
    for (let i = 0; i < members.length; i++) start[i + 1]! += start[i]!;
    const fill = start.slice(0, members.length);
    const from = new Int32Array(start[members.length]!);
    members.forEach((m, i) => {
      for (let e = graph.start[m]!; e < graph.start[m + 1]!; e++) {
        const w = graph.to[e]!;
        if (comp[w] === c) from[fill[place[w]!]!++] = i;
      }
    });
    return { start, from };
  };

  // Steps from each member to each of the component's best entitlements of a zone: its own, or one more
  // than a successor outside the component that has it among its best (every node on a shortest
  // path to one of a component's best has it among its own best); inside a cycle, a breadth-first
  // pass over holders within the component, from the members nearest first.
  const distances = (c: number, zi: number, members: number[], inner: { start: Int32Array; from: Int32Array } | undefined): void => {
    const cz = c * zn + zi;
    const kept = len.a[cz]!;
    if (kept === 0) return;
    const tag = cz;
    for (let j = 0; j < kept; j++) {
      const k = top.a[cz * TOP + j]!;
      pos[k] = j;
      posTag[k] = tag;
    }
    for (const m of members) {
      const md = (slot[m]! * zn + zi) * TOP;
      const own = rank[m]!;
      if (own >= 0 && posTag[own] === tag) dist[md + pos[own]!] = 0;
      for (let e = graph.start[m]!; e < graph.start[m + 1]!; e++) {
        const w = graph.to[e]!;
        const cw = comp[w]!;
        if (cw < 0 || cw === c) continue;
        const wz = cw * zn + zi;
        const wd = (slot[w]! * zn + zi) * TOP;
        for (let i = 0; i < len.a[wz]!; i++) {
          const k = top.a[wz * TOP + i]!;
          if (posTag[k] !== tag) continue;
          const j = pos[k]!;
          if (dist[wd + i]! + 1 < dist[md + j]!) dist[md + j] = dist[wd + i]! + 1;
        }
      }
    }
    if (inner === undefined) return;
    const size = members.length;
    const d = new Uint16Array(size);
    for (let j = 0; j < kept; j++) {
      order.length = 0;
      for (let i = 0; i < size; i++) {
        d[i] = dist[(slot[members[i]!]! * zn + zi) * TOP + j]!;
        if (d[i]! < FAR) order.push(i);
      }
      order.sort((x, y) => d[x]! - d[y]!);
      // Seeds in order of distance merged with the queue: both stay sorted, so each node is final when taken.
      queue.length = 0;
      let si = 0;
      let qi = 0;
      while (si < order.length || qi < queue.length) {
        const x = qi < queue.length && (si >= order.length || d[queue[qi]!]! <= d[order[si]!]!) ? queue[qi++]! : order[si++]!;
        const next = d[x]! + 1;
        for (let h = inner.start[x]!; h < inner.start[x + 1]!; h++) {
          const p = inner.from[h]!;
          if (d[p]! <= next) continue;
          d[p] = next;
          queue.push(p);
        }
      }
      for (let i = 0; i < size; i++) dist[(slot[members[i]!]! * zn + zi) * TOP + j] = d[i]!;
    }
  };

  // Iterative Tarjan over the nodes inside, following upward edges to nodes inside.
  for (let r = 0; r < n; r++) {
    if (index[r]! >= 0 || !inside(r)) continue;
    index[r] = low[r] = counter++;
    stack.push(r);
    onStack[r] = 1;
    callNode.push(r);
    callEdge.push(graph.start[r]!);
    while (callNode.n > 0) {
      const v = callNode.a[callNode.n - 1]!;
      const e = callEdge.a[callEdge.n - 1]!;
      if (e < graph.start[v + 1]!) {
        callEdge.a[callEdge.n - 1] = e + 1;
        const w = graph.to[e]!;
        if (!inside(w)) continue;
        if (index[w]! < 0) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callNode.push(w);
          callEdge.push(graph.start[w]!);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      callNode.n--;
      callEdge.n--;
      if (low[v] === index[v]) close(v);
      if (callNode.n > 0) {
        const p = callNode.a[callNode.n - 1]!;
        low[p] = Math.min(low[p]!, low[v]!);
      }
    }
  }
  dagStart.push(dagTo.n);
  return {
    mask,
    bits,
    comp,
    count,
    top: top.a.subarray(0, top.n),
    len: Uint8Array.from(len.a.subarray(0, len.n)),
    weight: weight.a.subarray(0, weight.n),
    dagStart: dagStart.a.subarray(0, dagStart.n),
    dagTo: dagTo.a.subarray(0, dagTo.n),
    slot,
    dist,
  };
}

/** Steps from node `w` to the entitlement of key `k` among its component's best of zone `zi`, or FAR. */
export function stepsTo(idx: ClosureIndex, w: number, zi: number, k: number): number {
  const c = idx.comp[w]!;
  if (c < 0) return FAR;
  const zn = idx.bits.length;
  const cz = (c * zn + zi) * TOP;
  for (let i = 0; i < idx.len[c * zn + zi]!; i++) if (idx.top[cz + i] === k) return idx.dist[(idx.slot[w]! * zn + zi) * TOP + i]!;
  return FAR;
}

/**
 * Ranks entitlement nodes (grant a zone, not baseline, held by something) by privilege tier, then lower-cased name
 * (code-unit order), then node index: the order in which holdings are shown.
 */
export function rankEntitlements(
  s: ChainSearch & { grant: Uint32Array; baseline: Uint8Array },
  tierOf: (n: number) => number,
  nameOf: (n: number) => string,
): { rank: Int32Array; byRank: Int32Array } {
  // Only what something holds can be held: an account nobody holds (most) needs no rank.
  const holders = s.graph.holders.start;
  const nodes: number[] = [];
  for (let n = 0; n < s.graph.nodeCount; n++) if (s.grant[n] && !s.baseline[n] && holders[n + 1]! > holders[n]!) nodes.push(n);
  const names = nodes.map((n) => nameOf(n).toLowerCase());
  // Distinct names in code-unit order (the default sort's, and that of `<`), then one number per node:
  // (tier, name's place, node) compose into a double below 2^53, sorted natively.
  const distinct = [...new Set(names)].sort();
  const place = new Map(distinct.map((name, i) => [name, i]));
  const n = s.graph.nodeCount;
  const keys = new Float64Array(nodes.length);
  nodes.forEach((node, i) => (keys[i] = (tierOf(node) * (distinct.length + 1) + place.get(names[i]!)!) * n + node));
  keys.sort();
  const rank = new Int32Array(n).fill(-1);
  const byRank = new Int32Array(nodes.length);
  keys.forEach((key, i) => {
    const node = key % n;
    rank[node] = i;
    byRank[i] = node;
  });
  return { rank, byRank };
}
