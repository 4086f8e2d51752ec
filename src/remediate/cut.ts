import { FlowNetwork } from './min-cut.js';
import { removalKey, type Removal } from './removal.js';

/** Ends of the network beside graph nodes: the subject (source) and what it must not hold (sink). */
export const SOURCE = -1;
export const SINK = -2;

/**
 * One arc of a finding's network: an edge of the access graph (holder `tail` -> granted `head`), the
 * subject's hold on one of its accounts (from SOURCE), or a node granting the forbidden zone (to SINK).
 * An arc with a removal can be cut at the cost of its weight; one with `block` (or neither) cannot.
 */
export interface Arc {
  tail: number;
  head: number;
  via?: string;
  removal?: Removal;
  /** Why the arc cannot be cut (shown when no cut exists without it). */
  block?: string;
  /**
   * Stands for everything behind a node left unexpanded (zone-network.ts): cuttable at its weight,
   * a lower bound of any cut behind the node. A cut containing one is not a plan: the network is
   * expanded further.
   */
  bound?: true;
  /** 1 (the subject) + the other identities that lose access through it. */
  weight: number;
  /** Hops from the subject's accounts to the arc's tail (ties go to the nearest). */
  depth: number;
  /** How many others lose access through it, and the first of them (identity numbers, see collateral.ts). */
  others: { count: number; first: number[] };
}

/** An arc nobody else loses anything through. */
export const NONE: Arc['others'] = { count: 0, first: [] };

export type CutResult = { status: 'cut'; arcs: Arc[]; weight: number } | { status: 'blocked'; blocking: Arc[] } | { status: 'no-path' };

/**
 * The minimum-weight set of cuttable arcs separating SOURCE from SINK. Capacities encode the order
 * exactly: weight * K + (depth + 1), with K above the largest possible sum of the depth terms, so a
 * minimum cut has the least total weight and, among those, the arcs nearest the subject. Uncuttable
 * arcs get a capacity above every finite cut: a flow that large means every cut needs one of them.
 */
export function minimumCut(input: Arc[]): CutResult {
  // Parallel arcs that one removal takes away are one arc; distinct reasons stay distinct.
  const merged = new Map<string, Arc>();
  for (const a of input) {
    const key = `${a.tail}\0${a.head}\0${a.removal ? removalKey(a.removal) : a.bound ? 'bound' : `block:${a.block ?? ''}`}`;
    const prev = merged.get(key);
    if (!prev || a.depth < prev.depth) merged.set(key, a);
  }
  const arcs = [...merged.values()];
  const nodes = new Map<number, number>([
    [SOURCE, 0],
    [SINK, 1],
  ]);
  const idOf = (v: number): number => {
    let id = nodes.get(v);
    if (id === undefined) nodes.set(v, (id = nodes.size));
    return id;
  };
  for (const a of arcs) {
    idOf(a.tail);
    idOf(a.head);
  }
  const maxDepth = arcs.reduce((m, a) => Math.max(m, a.depth), 0);
  const K = arcs.length * (maxDepth + 2) + 1;
  const finite = (a: Arc): number => a.weight * K + a.depth + 1;
  const cuttable = (a: Arc): boolean => !!a.removal || !!a.bound;
  const INF = arcs.reduce((s, a) => s + (cuttable(a) ? finite(a) : 0), 0) + 1;
  const net = new FlowNetwork(nodes.size);
  const byArc = new Map<number, Arc>();
  for (const a of arcs) byArc.set(net.addArc(idOf(a.tail), idOf(a.head), cuttable(a) ? finite(a) : INF), a);
  const flow = net.maxFlow(0, 1);
  if (flow === 0) return { status: 'no-path' };
  if (flow >= INF) return { status: 'blocked', blocking: blockingPath(arcs) };
  const cut = net.cutArcs(0).map((e) => byArc.get(e)!);
  return { status: 'cut', arcs: cut, weight: cut.reduce((s, a) => s + a.weight, 0) };
}

/** A path of uncuttable arcs from the subject to the forbidden zone: the arcs on it that say why. */
function blockingPath(arcs: Arc[]): Arc[] {
  const out = new Map<number, Arc[]>();
  for (const a of arcs) if (!a.removal && !a.bound) out.set(a.tail, [...(out.get(a.tail) ?? []), a]);
  const prev = new Map<number, Arc | null>([[SOURCE, null]]);
  const queue = [SOURCE];
  for (let q = 0; q < queue.length; q++) {
    for (const a of out.get(queue[q]!) ?? []) {
      if (prev.has(a.head)) continue;
      prev.set(a.head, a);
      if (a.head === SINK) {
        const path: Arc[] = [];
        for (let x: Arc | null = a; x; x = prev.get(x.tail) ?? null) path.unshift(x);
        return path.filter((p) => p.block);
      }
      queue.push(a.head);
    }
  }
  return [];
}
