import type { Estate } from '../estate/estate.js';
import { ChainStep } from '../model/findings.js';
import { VIA, type AccessGraph } from './access-graph.js';
import type { ZoneTable } from './zones.js';
import { chainFromNext } from './nearest-grant.js';

export interface ChainSearch {
  estate: Estate;
  graph: AccessGraph;
  grant: Uint32Array;
  effective: Uint32Array;
  zones: ZoneTable;
  /** Next hops toward the nearest grant of a zone bit (see nearest-grant.ts), computed once per zone. */
  nextHop?: (bit: number) => Int32Array;
}

interface NodeLabel {
  type: ChainStep['type'];
  source: string;
  id: string;
  name: string;
}
/**
 * What a step says about a node, decoded once per node and run: the groups of a wide closure appear in
 * the chains of many findings, and each would otherwise decode its strings again.
 */
const labels = new WeakMap<AccessGraph, (NodeLabel | undefined)[]>();
function labelOf(s: ChainSearch, node: number): NodeLabel {
  let byNode = labels.get(s.graph);
  // Sized and filled up front: written at scattered nodes, a growing array costs several times more.
  if (!byNode) labels.set(s.graph, (byNode = new Array<NodeLabel | undefined>(s.graph.nodeCount).fill(undefined)));
  let l = byNode[node];
  if (l) return l;
  if (node >= s.graph.principalCount) {
    const r = s.graph.roles[node - s.graph.principalCount]!;
    l = { type: 'role', source: r.source, id: r.roleId, name: r.name };
  } else {
    // Read from the columns: a chain step never builds the principal's whole record.
    const ps = s.estate.principals;
    const kind = ps.kind(node);
    const name =
      kind === 'account'
        ? (ps.str(node, 'upn') ?? ps.str(node, 'samAccountName') ?? ps.str(node, 'name'))
        : kind === 'group'
          ? ps.str(node, 'name')
          : (ps.str(node, 'name') ?? ps.str(node, 'sid') ?? ps.str(node, 'id'));
    l = { type: kind, source: ps.source(node), id: ps.str(node, 'id')!, name: name! };
  }
  byNode[node] = l;
  return l;
}

/** A node's name as its chain step shows it. */
export const nodeName = (s: ChainSearch, node: number): string => labelOf(s, node).name;

/**
 * Zone names per mask, one frozen array each: the granting step of every chain of a run lists one of a
 * few masks, and 100,000 findings would otherwise hold 200,000 copies.
 */
const grantNames = new WeakMap<ZoneTable, Map<number, readonly string[]>>();
function namesOf(zones: ZoneTable, mask: number): string[] {
  let byMask = grantNames.get(zones);
  if (!byMask) grantNames.set(zones, (byMask = new Map<number, readonly string[]>()));
  let names = byMask.get(mask);
  if (!names) byMask.set(mask, (names = Object.freeze(zones.names(mask))));
  return names as string[];
}

const VIAS = ChainStep.shape.via.unwrap().options;
const viaIndex = new Map<string, number>(VIAS.map((v, i) => [v, i + 1]));

/**
 * Steps by node, via and whether they grant: the groups of a wide closure stand in the chains of many
 * findings, each time as the same step. They are frozen, so no finding can change another's chain.
 */
const steps = new WeakMap<AccessGraph, Map<number, ChainStep>>();

/**
 * The chain step describing one node. Steps granting the node's own zones (the last of a chain) or none
 * are shared (see `steps`); a step listing other zones is made afresh.
 */
export function stepOf(s: ChainSearch, node: number, via?: ChainStep['via'], grants?: number): ChainStep {
  if (grants && grants !== s.grant[node]) return makeStep(s, node, via, grants);
  let byKey = steps.get(s.graph);
  if (!byKey) steps.set(s.graph, (byKey = new Map<number, ChainStep>()));
  const key = (node * 16 + (via ? viaIndex.get(via)! : 0)) * 2 + (grants ? 1 : 0);
  let step = byKey.get(key);
  if (!step) byKey.set(key, (step = Object.freeze(makeStep(s, node, via, grants))));
  return step;
}

function makeStep(s: ChainSearch, node: number, via?: ChainStep['via'], grants?: number): ChainStep {
  const l = labelOf(s, node);
  // Keys in one fixed order (type, source, id, name, via, grants): the order findings are written in.
  // Each shape is one literal, so a step keeps its properties in the object (a property added later
  // costs a separate properties array per step: 6 MiB per 10,000 findings).
  if (via && grants) return { type: l.type, source: l.source, id: l.id, name: l.name, via, grants: namesOf(s.zones, grants) };
  if (via) return { type: l.type, source: l.source, id: l.id, name: l.name, via };
  if (grants) return { type: l.type, source: l.source, id: l.id, name: l.name, grants: namesOf(s.zones, grants) };
  return { type: l.type, source: l.source, id: l.id, name: l.name };
}

/**
 * Shortest chain from `from` to a node that grants `bit`, walking only nodes whose effective zones
 * include it (so the search stays inside the part of the graph that can answer). `skip` excludes
 * nodes and what is reached only through them; `ignoreStartGrant` looks only at what the start node
 * holds, not at what it grants by itself.
 * Returns node indexes with the via code of the edge into each, or undefined when none exists.
 */
export function findChain(
  s: ChainSearch,
  from: number,
  bit: number,
  opts: { skip?: (node: number) => boolean; ignoreStartGrant?: boolean } = {},
): { nodes: number[]; via: number[] } | undefined {
  const skip = opts.skip;
  if ((s.effective[from]! & bit) === 0) return undefined;
  if (!skip && !opts.ignoreStartGrant && s.nextHop) return chainFromNext(s.graph, s.nextHop(bit), from);
  if (!opts.ignoreStartGrant && s.grant[from]! & bit) return { nodes: [from], via: [-1] };
  return shortestPath(
    s.graph,
    from,
    (w) => (s.effective[w]! & bit) !== 0 && !skip?.(w),
    (w) => (s.grant[w]! & bit) !== 0,
  );
}

/**
 * The one breadth-first chain builder: the shortest path from `from` along the graph's edges, entering
 * only nodes `canEnter` accepts, to the first node `isTarget` accepts (the start itself is not tested).
 * Returns node indexes with the via code of the edge into each (-1 for the start), or undefined.
 */
export function shortestPath(
  graph: AccessGraph,
  from: number,
  canEnter: (node: number) => boolean,
  isTarget: (node: number) => boolean,
): { nodes: number[]; via: number[] } | undefined {
  const prev = new Map<number, { node: number; via: number }>([[from, { node: -1, via: -1 }]]);
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (let e = graph.start[v]!; e < graph.start[v + 1]!; e++) {
      const w = graph.to[e]!;
      if (prev.has(w) || !canEnter(w)) continue;
      prev.set(w, { node: v, via: graph.via[e]! });
      if (isTarget(w)) {
        const nodes: number[] = [];
        const via: number[] = [];
        for (let x = w; x !== -1; x = prev.get(x)!.node) {
          nodes.unshift(x);
          via.unshift(prev.get(x)!.via);
        }
        return { nodes, via };
      }
      queue.push(w);
    }
  }
  return undefined;
}

/**
 * Renders a found chain as steps; the granting (last) step lists the zones it grants. With `person`, the
 * chain starts with the person, and the first node (their account) is entered by correlation. The array
 * is allocated at its length: findings keep it as it is.
 */
export function chainSteps(s: ChainSearch, found: { nodes: number[]; via: number[] }, person?: { id: string; name: string }): ChainStep[] {
  const n = found.nodes.length;
  const off = person ? 1 : 0;
  const out = new Array<ChainStep>(n + off);
  if (person) out[0] = { type: 'person', id: person.id, name: person.name };
  for (let i = 0; i < n; i++) {
    const node = found.nodes[i]!;
    const via =
      i === 0 && person
        ? 'correlated'
        : found.via[i]! >= 0
          ? VIA[found.via[i]!]
          : node < s.graph.principalCount && s.estate.principals.isAccount(node) && i === n - 1
            ? 'account-in-source'
            : undefined;
    out[i + off] = stepOf(s, node, via, i === n - 1 ? s.grant[node] : undefined);
  }
  return out;
}
