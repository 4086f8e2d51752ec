import type { RuleContext } from '../engine/context.js';
import { accountNameIndex, resolveToolIdentities } from '../rules/tool-identities.js';

/** Who holds a node: persons, tools and accounts of no person, by a key each (`p:<index>`, `t:<id>`, `a:<index>`). */
export interface Holders {
  keys: Set<string>;
}

/**
 * Collateral of removing an edge `u -> v`: every identity that holds `u` loses what it reached through
 * the edge. Identities are persons (all their accounts are one), tools (through their identities)
 * and active accounts correlated to no person. Computed per holder node by one upward walk over
 * holder lists, and kept: the edges of one finding share most of their holders.
 */
export class Collateral {
  private readonly cache = new Map<number, Holders>();
  private toolsOf: Map<number, string[]> | undefined;
  private readonly nowMs: number;

  constructor(private readonly ctx: RuleContext) {
    this.nowMs = ctx.now.getTime();
  }

  /** Tool ids per identity account (resolved as the tool-isolation rule does). */
  tools(): Map<number, string[]> {
    if (!this.toolsOf) {
      const map = new Map<number, string[]>();
      const index = accountNameIndex(this.ctx.estate);
      for (const tool of this.ctx.estate.tools)
        for (const id of resolveToolIdentities(this.ctx.estate, tool, index))
          for (const a of id.accounts) map.set(a, [...(map.get(a) ?? []), tool.id]);
      this.toolsOf = map;
    }
    return this.toolsOf;
  }

  /** The identity keys of one account (a person's account is the person; a tool identity is also the tool). */
  identitiesOf(a: number): string[] {
    const out: string[] = [];
    const p = this.ctx.people.personOf[a]!;
    out.push(p >= 0 ? `p:${p}` : `a:${a}`);
    for (const t of this.tools().get(a) ?? []) out.push(`t:${t}`);
    return out;
  }

  holders(u: number): Holders {
    let h = this.cache.get(u);
    if (h) return h;
    const { graph, estate } = this.ctx;
    const rev = graph.holders;
    const keys = new Set<string>();
    const seen = new Set<number>([u]);
    const queue = [u];
    for (let q = 0; q < queue.length; q++) {
      const v = queue[q]!;
      if (v < graph.principalCount && estate.principals.isAccount(v) && estate.principals.isActive(v, this.nowMs))
        for (const k of this.identitiesOf(v)) keys.add(k);
      for (let e = rev.start[v]!; e < rev.start[v + 1]!; e++) {
        const w = rev.from[e]!;
        if (!seen.has(w)) {
          seen.add(w);
          queue.push(w);
        }
      }
    }
    h = { keys };
    this.cache.set(u, h);
    return h;
  }

  /** Identities other than the subject's that hold `u`. */
  others(u: number, subject: ReadonlySet<string>): string[] {
    return [...this.holders(u).keys].filter((k) => !subject.has(k));
  }

  /** Display name of an identity key. */
  nameOf(key: string): string {
    const id = key.slice(2);
    if (key.startsWith('p:')) return this.ctx.people.persons.at(Number(id)).name;
    if (key.startsWith('t:')) return `tool ${this.ctx.estate.tools.find((t) => t.id === id)?.name ?? id}`;
    const a = this.ctx.estate.principals.at(Number(id));
    return `account ${a.source}:${a.kind === 'account' ? (a.upn ?? a.samAccountName ?? a.name) : a.id}`;
  }
}
