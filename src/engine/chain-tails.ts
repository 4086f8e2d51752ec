import { VIA } from './access-graph.js';
import { stepOf, type ChainSearch } from './chains.js';
import { FAR, stepsTo, type ClosureIndex } from './closure-index.js';
import type { ChainStep } from '../model/findings.js';

/**
 * Chains over a closure index, rendered as steps without a search per chain. Past its first hop, a
 * chain's path depends only on where it is and what it leads to (node, zone, entitlement): at 1M
 * accounts ~290,000 chains of ~7 steps share ~20,000 such tails, so each tail is walked and rendered
 * once and copied into every chain that starts with it. Of the shortest chains, the one taken is the one
 * an upward search finds: at each step the first edge (adjacency order) still on a shortest chain, and
 * it is rendered as `chainSteps` renders that search's chain (holdings-batch.property.test.ts compares them).
 */

/** Per index: per (entitlement key, zone), the steps after each first hop met so far. */
const tails = new WeakMap<ClosureIndex, Map<number, Map<number, readonly ChainStep[]>>>();

const inMask = (s: ChainSearch, idx: ClosureIndex, w: number): boolean => (s.effective[w]! & idx.mask) !== 0;

/**
 * The edge from `account` that starts its chain to the entitlement of key `k` in zone `zi` (which must
 * be among its best): the first (adjacency order) of those nearest to it; -1 when it holds none.
 */
export function firstEdgeTo(s: ChainSearch, idx: ClosureIndex, account: number, zi: number, k: number): number {
  const { graph } = s;
  let best = FAR;
  let first = -1;
  for (let e = graph.start[account]!; e < graph.start[account + 1]!; e++) {
    const w = graph.to[e]!;
    if (!inMask(s, idx, w)) continue;
    const d = stepsTo(idx, w, zi, k);
    if (d < best) {
      best = d;
      first = e;
    }
  }
  return first;
}

/** The first edge from `v` (adjacency order) into the mask with `d` steps left, as its index. */
function nextEdge(s: ChainSearch, idx: ClosureIndex, v: number, zi: number, k: number, d: number): number {
  const { graph } = s;
  for (let e = graph.start[v]!; e < graph.start[v + 1]!; e++) {
    const w = graph.to[e]!;
    if (inMask(s, idx, w) && stepsTo(idx, w, zi, k) === d) return e;
  }
  throw new Error(`closure index: no edge from node ${v} with ${d} steps left`);
}

/**
 * The steps after node `w`, which is `d` steps from the entitlement of key `k` in zone `zi`. Kept only
 * for the chains' first hops, not for every node on the way: what is kept is then never more than the
 * chains themselves hold (a tail per node of a 100-deep nesting would be quadratic in the depth).
 */
function tailOf(s: ChainSearch, idx: ClosureIndex, w: number, zi: number, k: number, d: number): readonly ChainStep[] {
  let byTarget = tails.get(idx);
  if (!byTarget) tails.set(idx, (byTarget = new Map<number, Map<number, readonly ChainStep[]>>()));
  const target = k * idx.bits.length + zi;
  let memo = byTarget.get(target);
  if (!memo) byTarget.set(target, (memo = new Map<number, readonly ChainStep[]>()));
  let tail = memo.get(w);
  if (tail) return tail;
  const steps = new Array<ChainStep>(d);
  for (let cur = w, left = d; left > 0; left--) {
    const e = nextEdge(s, idx, cur, zi, k, left - 1);
    const x = s.graph.to[e]!;
    steps[d - left] = stepOf(s, x, VIA[s.graph.via[e]!], left === 1 ? s.grant[x] : undefined);
    cur = x;
  }
  memo.set(w, (tail = Object.freeze(steps)));
  return tail;
}

/**
 * The chain from `account` through edge `e` (from `firstEdgeTo`) to the entitlement of key `k` in
 * zone `zi`, as steps; with `person` (the person's step, one per finding), it starts with the person
 * and enters the account by correlation. The array is the finding's own, allocated at its length.
 */
export function chainStepsOver(
  s: ChainSearch,
  idx: ClosureIndex,
  account: number,
  e: number,
  zi: number,
  k: number,
  person?: ChainStep,
): ChainStep[] {
  const first = s.graph.to[e]!;
  const left = stepsTo(idx, first, zi, k);
  const tail = tailOf(s, idx, first, zi, k, left);
  const off = person ? 2 : 1;
  const out = new Array<ChainStep>(off + 1 + tail.length);
  if (person) {
    out[0] = person;
    out[1] = stepOf(s, account, 'correlated');
  } else out[0] = stepOf(s, account);
  out[off] = stepOf(s, first, VIA[s.graph.via[e]!], left === 0 ? s.grant[first] : undefined);
  for (let i = 0; i < tail.length; i++) out[off + 1 + i] = tail[i]!;
  return out;
}
