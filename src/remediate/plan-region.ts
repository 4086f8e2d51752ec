import { toolPrincipals } from '../check/affected.js';
import { EstateOverlay } from '../check/overlay.js';
import { peopleAttribution, type Attribution } from '../check/attribution.js';
import type { RuleContext } from '../engine/context.js';
import { accountNameIndex } from '../rules/tool-identities.js';

/**
 * The part of the estate one removal-only plan can affect, found from the audit's own graph in time
 * proportional to the part, not the estate. It follows the steps of `check/affected.ts` over the
 * same graph: the holders of every node whose holdings the plan changes, the tools' identities and
 * owners, every account of the persons owning any of those (ambiguous attributions included), and
 * everything all of those hold. `demarc check` computes the same region inside the cut estate, so a
 * check of the plan on the cut estate answers as on the whole one (see prove.ts).
 */
export class PlanRegions {
  private readonly who: Attribution;
  private readonly tools: number[];
  private readonly mark: Int32Array;
  private epoch = 0;

  constructor(private readonly ctx: RuleContext) {
    this.who = peopleAttribution(ctx.people);
    // The accounts tools name are those of the audit's own index (same names, same fields).
    this.tools = toolPrincipals(new EstateOverlay(ctx.estate), new Set([...accountNameIndex(ctx.estate).values()].flat()));
    this.mark = new Int32Array(ctx.graph.nodeCount);
  }

  /**
   * Who a plan can change findings about: the nodes whose holdings change (holders of the seeds) and
   * the persons owning any of them, with all their accounts. Two plans whose sets do not meet change
   * no subject in common (see Prover.checkAll).
   */
  affected(seeds: readonly number[]): { principals: Set<number>; persons: Set<number> } {
    const { graph } = this.ctx;
    const stamp = ++this.epoch;
    const kept: number[] = [];
    const keep = (v: number): void => {
      if (this.mark[v] === stamp) return;
      this.mark[v] = stamp;
      kept.push(v);
    };
    for (const s of seeds) keep(s);
    for (let q = 0; q < kept.length; q++) {
      const v = kept[q]!;
      for (let e = graph.holders.start[v]!; e < graph.holders.start[v + 1]!; e++) keep(graph.holders.from[e]!);
    }
    const persons = this.who.personsOf(kept.filter((v) => v < graph.principalCount));
    const principals = new Set(kept);
    for (const a of this.who.accountsOf(persons)) principals.add(a);
    return { principals, persons };
  }

  /** Principal indexes (ascending) and roster indexes (ascending) of the region around `seeds`. */
  region(seeds: readonly number[]): { principals: number[]; persons: number[] } {
    const { graph, estate } = this.ctx;
    const P = graph.principalCount;
    const stamp = ++this.epoch;
    const kept: number[] = [];
    const keep = (v: number): boolean => {
      if (this.mark[v] === stamp) return false;
      this.mark[v] = stamp;
      kept.push(v);
      return true;
    };
    // Upward: everything that holds a changed node.
    for (const s of seeds) keep(s);
    for (let q = 0; q < kept.length; q++) {
      const v = kept[q]!;
      for (let e = graph.holders.start[v]!; e < graph.holders.start[v + 1]!; e++) keep(graph.holders.from[e]!);
    }
    for (const t of this.tools) keep(t);
    const persons = this.who.personsOf(kept.filter((v) => v < P));
    for (const a of this.who.accountsOf(persons)) keep(a);
    // Downward: everything the region holds, so zones and chains inside it are those of the estate.
    const down = kept.slice();
    const seen = ++this.epoch;
    for (const v of down) this.mark[v] = seen;
    for (let q = 0; q < down.length; q++) {
      const v = down[q]!;
      for (let e = graph.start[v]!; e < graph.start[v + 1]!; e++) {
        const w = graph.to[e]!;
        if (this.mark[w] !== seen) {
          this.mark[w] = seen;
          down.push(w);
        }
      }
    }
    const principals = down.filter((v) => v < P).sort((x, y) => x - y);
    for (const p of this.who.personsOf(principals)) persons.add(p);
    // The first roster entry keeps the region in roster mode, as check/affected.ts does.
    if (estate.persons.length > 0) persons.add(0);
    return { principals, persons: estate.persons.length > 0 ? [...persons].sort((x, y) => x - y) : [] };
  }
}
