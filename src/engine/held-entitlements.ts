import type { ChainSearch } from './chains.js';
import { isAdminRoleId, isAdminSid } from './well-known.js';

/** A path from an account to what it holds: node indexes with the via code of the edge into each (-1 for the start). */
export interface FoundChain {
  nodes: number[];
  via: number[];
}

/** What one account holds: each non-baseline entitlement granting a zone of the mask, with its shortest chain. */
export interface AccountHoldings {
  account: number;
  /** Entitlement node -> shortest chain from the account to it. */
  held: Map<number, FoundChain>;
}

export interface HoldingSearch extends ChainSearch {
  baseline: Uint8Array;
}

/**
 * Breadth-first search upward from one account, restricted to nodes whose effective zones meet `mask`
 * (nothing else can lead to a zone of the mask), so the search visits only the part of the graph that
 * answers. Every reached node that grants a zone of the mask and is not baseline is an entitlement the
 * account holds; the chain to it runs through whatever lies between (baseline groups included).
 * `exclude` are nodes that are not entitlements of this search (the person's own accounts).
 */
export function accountHoldings(s: HoldingSearch, account: number, mask: number, exclude?: ReadonlySet<number>): AccountHoldings {
  const held = new Map<number, FoundChain>();
  if ((s.effective[account]! & mask) === 0) return { account, held };
  const prev = new Map<number, { node: number; via: number }>([[account, { node: -1, via: -1 }]]);
  const queue = [account];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (let e = s.graph.start[v]!; e < s.graph.start[v + 1]!; e++) {
      const w = s.graph.to[e]!;
      if (prev.has(w) || (s.effective[w]! & mask) === 0) continue;
      prev.set(w, { node: v, via: s.graph.via[e]! });
      queue.push(w);
      if (s.grant[w]! & mask && !s.baseline[w] && !exclude?.has(w)) {
        const nodes: number[] = [];
        const via: number[] = [];
        for (let x = w; x !== -1; x = prev.get(x)!.node) {
          nodes.push(x);
          via.push(prev.get(x)!.via);
        }
        held.set(w, { nodes: nodes.reverse(), via: via.reverse() });
      }
    }
  }
  return { account, held };
}

/**
 * Privilege tier of an entitlement node, lowest first: 0 well-known administrative group or role
 * (Domain/Enterprise/Schema Admins, BUILTIN\Administrators and operators, Global Administrator, ...),
 * 1 other roles, 2 other groups, 3 anything else held (an owned service principal).
 */
export function privilegeTier(s: ChainSearch, node: number): number {
  if (node >= s.graph.principalCount) return isAdminRoleId(s.graph.roles[node - s.graph.principalCount]!.roleId) ? 0 : 1;
  const ps = s.estate.principals;
  if (ps.kind(node) !== 'group') return 3;
  const sid = ps.str(node, 'sid');
  return sid && isAdminSid(sid) ? 0 : 2;
}

/** Name of an entitlement node, for ordering and messages. */
export function entitlementName(s: ChainSearch, node: number): string {
  if (node >= s.graph.principalCount) return s.graph.roles[node - s.graph.principalCount]!.name;
  const ps = s.estate.principals;
  return ps.str(node, 'name') ?? ps.str(node, 'upn') ?? ps.str(node, 'id')!;
}
