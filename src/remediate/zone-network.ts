import { VIA } from '../engine/access-graph.js';
import type { RuleContext } from '../engine/context.js';
import type { Collateral } from './collateral.js';
import { NONE, SINK, SOURCE, type Arc } from './cut.js';
import type { Removal } from './removal.js';

/** What to separate: the subject's accounts from every node granting a zone of `forbidden`. */
export interface ZoneTarget {
  accounts: number[];
  /** Identity keys of the subject (their own loss is the 1 every arc costs). */
  subject: ReadonlySet<number>;
  forbidden: number;
  /** Zones the subject keeps: a cut may not take away anything they hold there (see home-cut.ts). */
  home: number;
  /** Nodes that count as holding the forbidden zone (default: every node granting it). */
  isSink?: (node: number) => boolean;
  /** Accounts that may be disabled when they are a credential of the forbidden zone themselves. */
  mayDisable: boolean;
}

/** The arcs of a finding's network, and whether some node was left unexpanded (see `limit`). */
export interface ZoneNetwork {
  arcs: Arc[];
  truncated: boolean;
}

/**
 * The finding's subgraph as arcs: everything reachable from the subject's accounts through nodes
 * whose effective zones include the forbidden zone (nothing else leads there), from the access graph
 * the rules themselves read, so the cut is taken on the edges that make the finding hold.
 *
 * Every edge out of a node weighs the same (1 + the others who hold the node), and a node's holders
 * include those of every node holding it, so weights never decrease along a path. A node whose edges
 * weigh more than `limit` is therefore not expanded: it is joined to the sink by a `bound` arc of
 * weight `limit + 1`, no more than any cut behind it costs. A minimum cut without bound arcs is then
 * a minimum cut of the whole network; plan-finding.ts raises the limit until it is one.
 */
export function zoneArcs(ctx: RuleContext, col: Collateral, t: ZoneTarget, limit = Infinity): ZoneNetwork {
  const { graph, effective, grant } = ctx;
  const sink = t.isSink ?? ((v: number) => (grant[v]! & t.forbidden) !== 0);
  const arcs: Arc[] = [];
  const depth = new Map<number, number>();
  const queue: number[] = [];
  let truncated = false;
  const reach = (w: number, d: number): void => {
    if (depth.has(w)) return;
    depth.set(w, d);
    if (sink(w)) arcs.push({ tail: w, head: SINK, weight: 0, depth: d, others: NONE });
    else queue.push(w);
  };
  for (const a of t.accounts) {
    if ((effective[a]! & t.forbidden) === 0 || depth.has(a)) continue;
    if (sink(a)) {
      // The account itself is a credential of the zone: only disabling it removes that.
      const weight = col.weightUpTo(a, t.subject, limit);
      if (weight > limit) truncated = true;
      arcs.push(
        !t.mayDisable
          ? {
              tail: SOURCE,
              head: a,
              block: 'the account is itself a credential of the zone (a tool identity is not disabled)',
              weight: 0,
              depth: 0,
              others: NONE,
            }
          : weight > limit
            ? { tail: SOURCE, head: a, bound: true, weight, depth: 0, others: NONE }
            : { tail: SOURCE, head: a, removal: { type: 'disable', account: a }, depth: 0, weight, others: NONE },
      );
    } else arcs.push({ tail: SOURCE, head: a, weight: 0, depth: 0, others: NONE });
    reach(a, 0);
  }
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    const d = depth.get(v)!;
    const weight = col.weightUpTo(v, t.subject, limit);
    if (weight > limit) {
      truncated = true;
      arcs.push({ tail: v, head: SINK, bound: true, weight, depth: d, others: NONE });
      continue;
    }
    for (let e = graph.start[v]!; e < graph.start[v + 1]!; e++) {
      const w = graph.to[e]!;
      if ((effective[w]! & t.forbidden) === 0) continue;
      const via = VIA[graph.via[e]!]!;
      const base = { tail: v, head: w, via, depth: d };
      const removal = removalOf(ctx, v, w, via);
      if (typeof removal === 'string') arcs.push({ ...base, block: removal, weight: 0, others: NONE });
      else arcs.push({ ...base, removal, weight, others: NONE });
      reach(w, d + 1);
    }
  }
  return { arcs, truncated };
}

/** The removal that takes away one graph edge, or why none can. */
export function removalOf(ctx: RuleContext, v: number, w: number, via: string): Removal | string {
  const P = ctx.graph.principalCount;
  switch (via) {
    case 'member': {
      // A foreign security principal is removed by naming the account it stands for.
      const member = ctx.estate.principals.kind(v) === 'foreign' ? ctx.graph.foreignTarget.get(v) : v;
      return member === undefined ? 'the member is an unresolved foreign principal' : { type: 'member', group: w, member };
    }
    case 'role-active':
    case 'role-eligible': {
      const state = via === 'role-active' ? 'active' : 'eligible';
      return w >= P
        ? { type: 'role', role: w, member: v, state }
        : { type: 'group-assignment', group: w, member: v, access: 'member', state };
    }
    case 'owner':
      return ctx.estate.principals.kind(w) === 'group'
        ? { type: 'group-assignment', group: w, member: v, access: 'owner' }
        : { type: 'owner', of: w, owner: v };
    case 'group-owner':
      return { type: 'owner', of: w, owner: v };
    case 'primary-group':
      return 'primary group (primaryGroupID): change the account’s primary group first';
    case 'foreign-principal':
      return 'the foreign security principal stands for this account: remove its memberships instead';
    default:
      return `edge of kind ${via}`;
  }
}
