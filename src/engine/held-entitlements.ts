import type { ChainSearch } from './chains.js';
import { isAdminRoleId, isAdminSid } from './well-known.js';

/** A path from an account to what it holds: node indexes with the via code of the edge into each (-1 for the start). */
export interface FoundChain {
  nodes: number[];
  via: number[];
}

export interface HoldingSearch extends ChainSearch {
  baseline: Uint8Array;
}

/**
 * Breadth-first search upward from one account, restricted to nodes whose effective zones meet `mask`
 * (nothing else can lead to a zone of the mask), so it visits only the part of the graph that answers.
 * Every reached node that grants a zone of the mask and is not baseline is an entitlement the account
 * holds; the chain to it runs through whatever lies between (baseline groups included). Typed arrays,
 * reused from search to search (a stamp marks what this search visited): no allocation per node.
 */
export class UpwardSearch {
  private readonly stamp: Int32Array;
  private readonly prev: Int32Array;
  private readonly via: Uint8Array;
  private readonly queue: Int32Array;
  /** The entitlements the last search found (the first `run()` of them), nearest first. */
  readonly held: Int32Array;
  private readonly mark: Int32Array;
  private markEpoch = 0;
  private epoch = 0;
  private from = -1;
  private mask = 0;
  /** Depth of each node reached by the last search (valid for nodes it reached). */
  readonly dist: Int32Array;

  constructor(private readonly s: HoldingSearch) {
    const n = s.graph.nodeCount;
    this.stamp = new Int32Array(n);
    this.prev = new Int32Array(n);
    this.via = new Uint8Array(n);
    this.queue = new Int32Array(n);
    this.held = new Int32Array(n);
    this.mark = new Int32Array(n);
    this.dist = new Int32Array(n);
  }

  /**
   * Runs the search from `account`; returns how many entitlements it holds (not `exclude`d), which are
   * then the first entries of `held`, nearest first (a buffer reused by the next search: no array per
   * search, whose closure can be tens of thousands of groups).
   */
  run(account: number, mask: number, exclude?: ReadonlySet<number>): number {
    const { graph, effective, grant, baseline } = this.s;
    const held = this.held;
    let count = 0;
    const epoch = ++this.epoch;
    this.from = account;
    this.mask = mask;
    this.stamp[account] = epoch;
    this.dist[account] = 0;
    if ((effective[account]! & mask) === 0) return 0;
    let tail = 0;
    this.queue[tail++] = account;
    for (let head = 0; head < tail; head++) {
      const v = this.queue[head]!;
      const d = this.dist[v]! + 1;
      for (let e = graph.start[v]!; e < graph.start[v + 1]!; e++) {
        const w = graph.to[e]!;
        if (this.stamp[w] === epoch || (effective[w]! & mask) === 0) continue;
        this.stamp[w] = epoch;
        this.prev[w] = v;
        this.via[w] = graph.via[e]!;
        this.dist[w] = d;
        this.queue[tail++] = w;
        if (grant[w]! & mask && !baseline[w] && !exclude?.has(w)) held[count++] = w;
      }
    }
    return count;
  }

  /**
   * The chain from the last search's account to `node`, which it reached: of the shortest chains, the
   * one that takes, at each step, the first edge (in adjacency order) that still lies on a shortest
   * chain. The same rule as `ClosureIndex.chainTo`, which finds it without a search of its own.
   */
  chainTo(node: number): FoundChain {
    const { graph, effective } = this.s;
    const holders = graph.holders;
    // Mark the nodes on some shortest chain to `node`: backward from it, one level nearer each step.
    const m = ++this.markEpoch;
    this.mark[node] = m;
    const stack = [node];
    while (stack.length) {
      const x = stack.pop()!;
      const d = this.dist[x]! - 1;
      for (let i = holders.start[x]!; i < holders.start[x + 1]!; i++) {
        const p = holders.from[i]!;
        if (this.stamp[p] !== this.epoch || this.dist[p] !== d || this.mark[p] === m) continue;
        this.mark[p] = m;
        if (p !== this.from) stack.push(p);
      }
    }
    const nodes = [this.from];
    const via = [-1];
    for (let cur = this.from; cur !== node;) {
      const d = this.dist[cur]! + 1;
      for (let e = graph.start[cur]!; e < graph.start[cur + 1]!; e++) {
        const w = graph.to[e]!;
        if (this.mark[w] !== m || this.dist[w] !== d || this.stamp[w] !== this.epoch || (effective[w]! & this.mask) === 0) continue;
        nodes.push(w);
        via.push(graph.via[e]!);
        cur = w;
        break;
      }
    }
    return { nodes, via };
  }
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
