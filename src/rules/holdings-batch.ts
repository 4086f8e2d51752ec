import { buildClosureIndex, FAR, TOP, type ClosureIndex } from '../engine/closure-index.js';
import type { RuleContext } from '../engine/context.js';
import type { Subject } from '../model/findings.js';
import { assemble, holdings, MAX_CHAINS_PER_ZONE, scratchOf, type Candidate, type Holdings, type Scratch } from './person-chains.js';

export interface HoldingRequest {
  /** Active accounts whose holdings are taken together (a person's, or one account). */
  accounts: number[];
  /** A hybrid allowance: what it allows is listed after what lies beyond it. */
  allowed?: (node: number) => boolean;
  person?: Subject;
}

/** Requests whose exact counts are summed in one pass over the closure index: one bit each. */
const BATCH = 32;

/**
 * The holdings of many subjects in the zones of `mask`, equal to `holdings()` for each (a property
 * test compares them) at a fraction of the cost on a wide closure:
 * - the shown entitlements of each zone are the best keys of the components the accounts hold
 *   directly (closure-index.ts), with no search;
 * - the count of distinct entitlements held per zone comes from one multi-source pass over the
 *   components for 32 subjects at once, a bit each, in the components' order (sinks last);
 * - the chains follow the index's distances from each account to each shown entitlement (it is among
 *   the best ten of every node on the way), choosing edges by the same rule as the search; only the
 *   kept chain of each entitlement is rendered, and its part past the first hop is rendered once per
 *   run for every chain that shares it (chain-tails.ts).
 * A subject with an allowance (keys depend on it), or with an account that something else holds (an
 * account inside the index: it would have to be excluded from its own person's holdings), is
 * evaluated by `holdings()` itself, and so are all subjects when there are fewer than 32.
 */
export function holdingsOfMany(ctx: RuleContext, requests: readonly HoldingRequest[], mask: number): Holdings[] {
  // A few subjects (a what-if region's handful of persons) are searched one by one: the index covers
  // the whole graph and costs more than a few upward searches.
  if (requests.length < BATCH) return requests.map((r) => holdings(ctx, r.accounts, mask, r.allowed, r.person));
  const sc = scratchOf(ctx);
  const zones = ctx.zones.names(mask).map((id) => ({ id, bit: ctx.zones.bit(id) }));
  const idx = indexOf(ctx, sc, mask, zones);
  const out = new Array<Holdings>(requests.length);
  const fast: number[] = [];
  requests.forEach((r, i) => {
    if (r.allowed || r.accounts.some((a) => idx.comp[a]! >= 0)) out[i] = holdings(ctx, r.accounts, mask, r.allowed, r.person);
    else fast.push(i);
  });
  for (let b = 0; b < fast.length; b += BATCH) {
    const batch = fast.slice(b, b + BATCH);
    const counts = countHeld(
      ctx,
      idx,
      batch.map((i) => requests[i]!.accounts),
    );
    batch.forEach((i, j) => {
      const r = requests[i]!;
      const own = new Array<number>(zones.length);
      for (let zi = 0; zi < zones.length; zi++) own[zi] = counts[j * zones.length + zi]!;
      out[i] = summarised(ctx, sc, idx, zones, r, own);
    });
  }
  return out;
}

function indexOf(ctx: RuleContext, sc: Scratch, mask: number, zones: { bit: number }[]): ClosureIndex {
  let idx = sc.indexes.get(mask);
  if (!idx) {
    idx = buildClosureIndex(
      ctx,
      sc.rank,
      mask,
      zones.map((z) => z.bit),
    );
    sc.indexes.set(mask, idx);
  }
  return idx;
}

/** Calls `f` with each component the account holds directly (within the mask). */
function eachHeldComponent(ctx: RuleContext, idx: ClosureIndex, a: number, f: (c: number) => void): void {
  const { graph, effective } = ctx;
  for (let e = graph.start[a]!; e < graph.start[a + 1]!; e++) {
    const w = graph.to[e]!;
    if ((effective[w]! & idx.mask) === 0) continue;
    const c = idx.comp[w]!;
    if (c >= 0) f(c);
  }
}

const reachOf = new WeakMap<ClosureIndex, Int32Array>();

/** Distinct entitlements held per subject and zone ([subject * zones + zone]), up to 32 subjects. */
function countHeld(ctx: RuleContext, idx: ClosureIndex, subjects: number[][]): Int32Array {
  let reach = reachOf.get(idx);
  if (!reach) reachOf.set(idx, (reach = new Int32Array(idx.count)));
  const zn = idx.bits.length;
  let hi = -1;
  subjects.forEach((accounts, j) => {
    for (const a of accounts)
      eachHeldComponent(ctx, idx, a, (c) => {
        reach[c]! |= 1 << j;
        if (c > hi) hi = c;
      });
  });
  const counts = new Int32Array(subjects.length * zn);
  // Edges between components go to lower numbers: one pass downward carries every bit to its end.
  for (let c = hi; c >= 0; c--) {
    const r = reach[c]!;
    if (r === 0) continue;
    reach[c] = 0;
    for (let k = idx.dagStart[c]!; k < idx.dagStart[c + 1]!; k++) reach[idx.dagTo[k]!]! |= r;
    for (let zi = 0; zi < zn; zi++) {
      const w = idx.weight[c * zn + zi]!;
      if (w === 0) continue;
      for (let x = r; x !== 0; x &= x - 1) counts[(31 - Math.clz32(x & -x)) * zn + zi]! += w;
    }
  }
  return counts;
}

/** Per zone, the place (plus one) of each shown key in the current subject's list; zero elsewhere. */
const placesOf = new WeakMap<ClosureIndex, Int32Array[]>();

/**
 * Per (zone, shown place): over the subject's accounts, the shortest chain's edges, account and first
 * edge; over the current account, the nearest distance and its edge. Reused from subject to subject
 * (a typed array costs about a microsecond to make, and there is one subject per finding).
 */
const best = {
  edges: new Int32Array(0),
  from: new Int32Array(0),
  edge: new Int32Array(0),
  near: new Int32Array(0),
  nearEdge: new Int32Array(0),
};
function bestBuffers(size: number): typeof best {
  if (best.edges.length < size) for (const k of Object.keys(best) as (keyof typeof best)[]) best[k] = new Int32Array(size);
  return best;
}

function summarised(
  ctx: RuleContext,
  sc: Scratch,
  idx: ClosureIndex,
  zones: { id: string; bit: number }[],
  r: HoldingRequest,
  counts: number[],
): Holdings {
  const { graph, effective } = ctx;
  const zn = zones.length;
  // The subject's best keys per zone: the best of what its accounts hold directly.
  const keys = zones.map(() => new Set<number>());
  const bare = new Map<string, number[]>(zones.map((z) => [z.id, []]));
  const any = new Uint8Array(zn);
  for (const a of r.accounts) {
    any.fill(0);
    for (let e = graph.start[a]!; e < graph.start[a + 1]!; e++) {
      const w = graph.to[e]!;
      const c = (effective[w]! & idx.mask) === 0 ? -1 : idx.comp[w]!;
      if (c < 0) continue;
      for (let zi = 0; zi < zn; zi++) {
        const n = idx.len[c * zn + zi]!;
        if (n > 0) any[zi] = 1;
        for (let i = 0; i < n; i++) keys[zi]!.add(idx.top[(c * zn + zi) * TOP + i]!);
      }
    }
    for (let zi = 0; zi < zn; zi++) if (!any[zi] && ctx.grant[a]! & zones[zi]!.bit) bare.get(zones[zi]!.id)!.push(a);
  }
  const shown = keys.map((k) => [...k].sort((x, y) => x - y).slice(0, MAX_CHAINS_PER_ZONE));
  let places = placesOf.get(idx);
  if (!places) placesOf.set(idx, (places = zones.map(() => new Int32Array(sc.ranked))));
  shown.forEach((list, zi) => list.forEach((key, j) => (places[zi]![key] = j + 1)));
  // Per shown key, the shortest chain over the accounts (the first account among equals) and the edge
  // that starts it (the first of the account's edges nearest to the key): the rule of `holdings()`.
  const M = MAX_CHAINS_PER_ZONE;
  const { edges: bestEdges, from: bestFrom, edge: bestEdge, near, nearEdge } = bestBuffers(zn * M);
  bestEdges.fill(FAR + 1, 0, zn * M);
  for (const a of r.accounts) {
    near.fill(FAR, 0, zn * M);
    for (let e = graph.start[a]!; e < graph.start[a + 1]!; e++) {
      const w = graph.to[e]!;
      const c = (effective[w]! & idx.mask) === 0 ? -1 : idx.comp[w]!;
      if (c < 0) continue;
      const s = idx.slot[w]!;
      for (let zi = 0; zi < zn; zi++) {
        const place = places[zi]!;
        const cz = (c * zn + zi) * TOP;
        const sz = (s * zn + zi) * TOP;
        for (let i = 0; i < idx.len[c * zn + zi]!; i++) {
          const j = place[idx.top[cz + i]!]! - 1;
          if (j < 0) continue;
          const d = idx.dist[sz + i]!;
          if (d < near[zi * M + j]!) {
            near[zi * M + j] = d;
            nearEdge[zi * M + j] = e;
          }
        }
      }
    }
    for (let x = 0; x < zn * M; x++)
      if (near[x]! < FAR && near[x]! + 1 < bestEdges[x]!) {
        bestEdges[x] = near[x]! + 1;
        bestFrom[x] = a;
        bestEdge[x] = nearEdge[x]!;
      }
  }
  const kept = shown.map((list, zi) => {
    const kept = new Map<number, Candidate>();
    list.forEach((key, j) => {
      places[zi]![key] = 0;
      const x = zi * M + j;
      if (bestEdges[x]! <= FAR) {
        const node = sc.byRank[key]!;
        kept.set(node, { node, key, edges: bestEdges[x]!, from: bestFrom[x]!, edge: bestEdge[x]! });
      }
    });
    return kept;
  });
  return assemble(ctx, sc, zones, kept, counts, bare, undefined, r.person, idx);
}
