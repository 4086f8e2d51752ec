/**
 * Exact minimum s-t cut by maximum flow (Dinic's algorithm: breadth-first levels, depth-first blocking
 * flows). The networks are one finding's subgraph, so plain arrays of arcs are enough. By max-flow /
 * min-cut duality, the arcs from the nodes still reachable from `s` in the residual network to those
 * that are not form a cut whose capacity equals the flow, hence a minimum one.
 */
export class FlowNetwork {
  private readonly head: number[][] = [];
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  /** Capacity each arc was created with (its reverse arc has 0). */
  private readonly initial: number[] = [];

  constructor(public nodeCount: number) {
    for (let v = 0; v < nodeCount; v++) this.head.push([]);
  }

  addNode(): number {
    this.head.push([]);
    return this.nodeCount++;
  }

  /** Adds an arc and returns its id (even; the reverse arc is id + 1). */
  addArc(from: number, to: number, capacity: number): number {
    const id = this.to.length;
    this.to.push(to, from);
    this.cap.push(capacity, 0);
    this.initial.push(capacity, 0);
    this.head[from]!.push(id);
    this.head[to]!.push(id + 1);
    return id;
  }

  /** Maximum flow from s to t; the network keeps the residual capacities for `cutArcs`. */
  maxFlow(s: number, t: number): number {
    let flow = 0;
    const level = new Int32Array(this.nodeCount);
    const it = new Int32Array(this.nodeCount);
    for (;;) {
      level.fill(-1);
      level[s] = 0;
      const queue = [s];
      for (let q = 0; q < queue.length; q++) {
        const v = queue[q]!;
        for (const e of this.head[v]!) {
          const w = this.to[e]!;
          if (this.cap[e]! > 0 && level[w]! < 0) {
            level[w] = level[v]! + 1;
            queue.push(w);
          }
        }
      }
      if (level[t]! < 0) return flow;
      it.fill(0);
      for (let f = this.push(s, t, Infinity, level, it); f > 0; f = this.push(s, t, Infinity, level, it)) flow += f;
    }
  }

  /** One augmenting path in the level graph (recursive: subgraphs are shallow). */
  private push(v: number, t: number, limit: number, level: Int32Array, it: Int32Array): number {
    if (v === t) return limit;
    const arcs = this.head[v]!;
    for (; it[v]! < arcs.length; it[v]!++) {
      const e = arcs[it[v]!]!;
      const w = this.to[e]!;
      if (this.cap[e]! <= 0 || level[w] !== level[v]! + 1) continue;
      const f = this.push(w, t, Math.min(limit, this.cap[e]!), level, it);
      if (f > 0) {
        this.cap[e]! -= f;
        this.cap[e ^ 1]! += f;
        return f;
      }
    }
    return 0;
  }

  /** After maxFlow: the forward arcs of the minimum cut nearest `s` (ids as returned by addArc). */
  cutArcs(s: number): number[] {
    const seen = new Uint8Array(this.nodeCount);
    seen[s] = 1;
    const queue = [s];
    for (let q = 0; q < queue.length; q++) {
      for (const e of this.head[queue[q]!]!) {
        const w = this.to[e]!;
        if (this.cap[e]! > 0 && !seen[w]) {
          seen[w] = 1;
          queue.push(w);
        }
      }
    }
    const cut: number[] = [];
    for (const v of queue) for (const e of this.head[v]!) if (e % 2 === 0 && !seen[this.to[e]!] && this.initial[e]! > 0) cut.push(e);
    return cut;
  }
}
