import { VIA } from '../engine/access-graph.js';
import type { RuleContext } from '../engine/context.js';
import { minimumCut, SOURCE, type Arc, type CutResult } from './cut.js';
import { removalKey } from './removal.js';

/** Minimum cuts tried per finding before the search for one that keeps the home zone gives up. */
export const MAX_TRIES = 64;

const arcKey = (a: Arc): string => `${a.tail}\0${a.head}\0${a.removal ? removalKey(a.removal) : ''}`;

/**
 * Nodes the subject's accounts reach through nodes leading to the home zone (nothing else leads to
 * what they hold there), without the edges and accounts `cut` removes.
 */
function homeReach(ctx: RuleContext, accounts: readonly number[], home: number, cut: readonly Arc[]): Set<number> {
  const { graph, effective } = ctx;
  const removed = new Set<string>();
  const disabled = new Set<number>();
  for (const a of cut) {
    if (a.removal?.type === 'disable') disabled.add(a.removal.account);
    else if (a.tail >= 0 && a.head >= 0) removed.add(`${a.tail}\0${a.head}\0${a.via ?? ''}`);
  }
  const seen = new Set<number>();
  const queue: number[] = [];
  for (const a of accounts)
    if (!disabled.has(a) && (effective[a]! & home) !== 0 && !seen.has(a)) {
      seen.add(a);
      queue.push(a);
    }
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (let e = graph.start[v]!; e < graph.start[v + 1]!; e++) {
      const w = graph.to[e]!;
      if (seen.has(w) || (effective[w]! & home) === 0) continue;
      if (removed.size && removed.has(`${v}\0${w}\0${VIA[graph.via[e]!]}`)) continue;
      seen.add(w);
      queue.push(w);
    }
  }
  return seen;
}

/** What the subject holds in the home zone (every node granting it they reach), after `cut`. */
export function homeHoldings(ctx: RuleContext, accounts: readonly number[], home: number, cut: readonly Arc[] = []): Set<number> {
  const held = new Set<number>();
  for (const v of homeReach(ctx, accounts, home, cut)) if ((ctx.grant[v]! & home) !== 0) held.add(v);
  return held;
}

/**
 * A cut; `gaveUp` when the search stopped after MAX_TRIES cuts without one that keeps the home zone,
 * `tooCostly` when every cut has a step heavier than plan-finding.ts allows.
 */
export type HomeCutResult = CutResult & { gaveUp?: true; tooCostly?: true };

/** Why an arc kept for the home zone cannot be cut. */
export const HOME_BLOCK = 'needed in the home zone';

/**
 * The minimum cut that leaves the subject every home-zone entitlement they hold (docs/remediation.md,
 * "The home zone"). A cut is acceptable when, after it, the subject's accounts still reach every node
 * granting the home zone that they reached before, by any path. When the minimum cut is not, the
 * search branches on the arcs that could be the reason: for a lost entitlement, every acceptable cut
 * leaves some path to it whole, and the first arc of the current cut on that path is one whose tail
 * the subject still reaches and whose head leads to the entitlement; so one branch per such arc,
 * each keeping that arc, covers every acceptable cut. Branches are taken cheapest first (a branch's
 * minimum cut bounds every cut below it), so the first acceptable cut found is a minimum one.
 * `label` names a lost entitlement in the reason a kept arc gives.
 */
export function cutKeepingHome(
  ctx: RuleContext,
  accounts: readonly number[],
  home: number,
  arcs: Arc[],
  label: (node: number) => string,
): HomeCutResult {
  const root = minimumCut(arcs);
  if (root.status !== 'cut' || home === 0 || root.arcs.some((a) => a.bound)) return root;
  const leadsHome = (a: Arc): boolean =>
    a.removal?.type === 'disable' ? (ctx.effective[a.removal.account]! & home) !== 0 : a.head >= 0 && (ctx.effective[a.head]! & home) !== 0;
  if (!root.arcs.some(leadsHome)) return root;
  const reached = homeReach(ctx, accounts, home, []);
  const before = [...reached].filter((v) => (ctx.grant[v]! & home) !== 0);
  type Branch = { keep: Map<string, string>; result: CutResult };
  const weight = (r: CutResult): number => (r.status === 'cut' ? r.weight : Infinity);
  const open: Branch[] = [{ keep: new Map(), result: root }];
  let firstBlocked: Arc[] | undefined;
  const tried = new Set<string>(['']);
  let tries = 1;
  while (open.length) {
    open.sort((x, y) => weight(x.result) - weight(y.result));
    const b = open.shift()!;
    if (b.result.status !== 'cut') {
      if (b.result.status === 'blocked') firstBlocked ??= b.result.blocking;
      continue;
    }
    const cut = b.result.arcs;
    // A cut through a bound arc is a lower bound only: the caller expands the network and asks again.
    if (cut.some((a) => a.bound)) return b.result;
    const after = cut.some(leadsHome) ? homeHoldings(ctx, accounts, home, cut) : new Set(before);
    const lost = before.filter((h) => !after.has(h));
    if (lost.length === 0) return b.result;
    for (const a of reasonsFor(ctx, accounts, home, reached, cut, lost[0]!)) {
      const keep = new Map(b.keep).set(arcKey(a), `${HOME_BLOCK}: without it the subject loses ${label(lost[0]!)}`);
      const id = [...keep.keys()].sort().join('\n');
      if (tried.has(id)) continue;
      tried.add(id);
      if (tries++ >= MAX_TRIES) return { status: 'blocked', blocking: [], gaveUp: true };
      const kept = arcs.map((x) => {
        const why = keep.get(arcKey(x));
        return why ? { ...x, removal: undefined, block: why } : x;
      });
      open.push({ keep, result: minimumCut(kept) });
    }
  }
  return { status: 'blocked', blocking: firstBlocked ?? [] };
}

/**
 * Arcs of the cut that may be what takes `lost` away: the subject still reaches their tail after the
 * cut, and their head leads to `lost` (a walk up from it, inside what the subject held at home).
 */
function reasonsFor(
  ctx: RuleContext,
  accounts: readonly number[],
  home: number,
  reached: ReadonlySet<number>,
  cut: readonly Arc[],
  lost: number,
): Arc[] {
  const { graph } = ctx;
  // Nodes that hold `lost`, among those the subject reached at home before the cut.
  const up = new Set<number>([lost]);
  const queue = [lost];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (let e = graph.holders.start[v]!; e < graph.holders.start[v + 1]!; e++) {
      const h = graph.holders.from[e]!;
      if (!up.has(h) && reached.has(h)) {
        up.add(h);
        queue.push(h);
      }
    }
  }
  // Nodes the subject reaches after the cut (through home-leading nodes: the tails that matter lead home).
  const after = homeReach(ctx, accounts, home, cut);
  return cut.filter((a) =>
    a.removal?.type === 'disable' ? up.has(a.removal.account) : (a.tail === SOURCE || after.has(a.tail)) && up.has(a.head),
  );
}
