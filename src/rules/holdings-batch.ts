import { buildClosureIndex, chainTo, TOP, type ClosureIndex } from '../engine/closure-index.js';
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
 *   the best ten of every node on the way), choosing edges by the same rule as the search.
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
      out[i] = summarised(ctx, sc, idx, zones, r, Array.from(counts.subarray(j * zones.length, (j + 1) * zones.length)));
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

function summarised(
  ctx: RuleContext,
  sc: Scratch,
  idx: ClosureIndex,
  zones: { id: string; bit: number }[],
  r: HoldingRequest,
  counts: number[],
): Holdings {
  const zn = zones.length;
  // The subject's best keys per zone: the best of what its accounts hold directly.
  const keys = zones.map(() => new Set<number>());
  const bare = new Map<string, number[]>(zones.map((z) => [z.id, []]));
  for (const a of r.accounts) {
    const any = new Uint8Array(zn);
    eachHeldComponent(ctx, idx, a, (c) => {
      for (let zi = 0; zi < zn; zi++) {
        const n = idx.len[c * zn + zi]!;
        if (n > 0) any[zi] = 1;
        for (let i = 0; i < n; i++) keys[zi]!.add(idx.top[(c * zn + zi) * TOP + i]!);
      }
    });
    zones.forEach((z, zi) => {
      if (!any[zi] && ctx.grant[a]! & z.bit) bare.get(z.id)!.push(a);
    });
  }
  const shown = keys.map((k) => [...k].sort((x, y) => x - y).slice(0, MAX_CHAINS_PER_ZONE));
  const best = zones.map(() => new Map<number, Candidate>());
  for (const a of r.accounts)
    shown.forEach((list, zi) => {
      const kept = best[zi]!;
      for (const key of list) {
        const node = sc.byRank[key]!;
        const prev = kept.get(node);
        const chain = chainTo(ctx, idx, a, zi, key);
        if (chain && (!prev || chain.nodes.length < prev.chain.nodes.length)) kept.set(node, { node, key, chain });
      }
    });
  return assemble(ctx, sc, zones, best, counts, bare, undefined, r.person);
}
