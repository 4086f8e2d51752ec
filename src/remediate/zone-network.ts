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
  /** Zones the subject needs: an edge into anything leading there is never cut. */
  home: number;
  /** Nodes that count as holding the forbidden zone (default: every node granting it). */
  isSink?: (node: number) => boolean;
  /** Accounts that may be disabled when they are a credential of the forbidden zone themselves. */
  mayDisable: boolean;
}

/**
 * The finding's subgraph as arcs: everything reachable from the subject's accounts through nodes
 * whose effective zones include the forbidden zone (nothing else leads there), from the access graph
 * the rules themselves read, so the cut is taken on the edges that make the finding hold.
 */
export function zoneArcs(ctx: RuleContext, col: Collateral, t: ZoneTarget): Arc[] {
  const { graph, effective, grant, estate } = ctx;
  const sink = t.isSink ?? ((v: number) => (grant[v]! & t.forbidden) !== 0);
  const arcs: Arc[] = [];
  const depth = new Map<number, number>();
  const queue: number[] = [];
  const weightOf = (u: number): { weight: number; others: Arc['others'] } => {
    const others = col.others(u, t.subject);
    return { weight: 1 + others.count, others };
  };
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
      const home = (effective[a]! & t.home) !== 0;
      const w = weightOf(a);
      arcs.push(
        t.mayDisable && !home
          ? { tail: SOURCE, head: a, removal: { type: 'disable', account: a }, depth: 0, ...w }
          : {
              tail: SOURCE,
              head: a,
              block: home
                ? 'the account is itself a credential of the zone and also holds the home zone'
                : 'the account is itself a credential of the zone (a tool identity is not disabled)',
              ...w,
              depth: 0,
            },
      );
    } else arcs.push({ tail: SOURCE, head: a, weight: 0, depth: 0, others: NONE });
    reach(a, 0);
  }
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    const d = depth.get(v)!;
    for (let e = graph.start[v]!; e < graph.start[v + 1]!; e++) {
      const w = graph.to[e]!;
      if ((effective[w]! & t.forbidden) === 0) continue;
      const via = VIA[graph.via[e]!]!;
      const base = { tail: v, head: w, via, depth: d };
      if ((effective[w]! & t.home) !== 0) arcs.push({ ...base, block: 'needed in the home zone', weight: 0, others: NONE });
      else {
        const removal = removalOf(ctx, v, w, via);
        if (typeof removal === 'string') arcs.push({ ...base, block: removal, weight: 0, others: NONE });
        else arcs.push({ ...base, removal, ...weightOf(v) });
      }
      reach(w, d + 1);
    }
  }
  void estate;
  return arcs;
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
