import type { RuleContext } from '../engine/context.js';
import { accountNameIndex, resolveToolIdentities } from '../rules/tool-identities.js';

/** Who holds a node: identity numbers (see Collateral.identitiesOf). */
export interface Holders {
  keys: Set<number>;
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
  private seen: Int32Array | undefined;
  private epoch = 0;

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

  /**
   * The identities of one account, as numbers: a person's index, an account of no person after all
   * persons, a tool after all accounts (a tool identity is also the tool).
   */
  identitiesOf(a: number): number[] {
    const persons = this.ctx.people.persons.length;
    const p = this.ctx.people.personOf[a]!;
    const out = [p >= 0 ? p : persons + a];
    for (const t of this.tools().get(a) ?? []) out.push(persons + this.ctx.estate.principals.length + this.toolIndex(t));
    return out;
  }

  private toolIndex(id: string): number {
    return this.ctx.estate.tools.findIndex((t) => t.id === id);
  }

  /** Identity numbers of a person subject. */
  personKey(p: number): number {
    return p;
  }

  holders(u: number): Holders {
    let h = this.cache.get(u);
    if (h) return h;
    const { graph, estate } = this.ctx;
    const rev = graph.holders;
    const keys = new Set<number>();
    // One stamp array for every walk: no set of visited nodes per walk.
    this.seen ??= new Int32Array(graph.nodeCount);
    const stamp = ++this.epoch;
    this.seen[u] = stamp;
    const queue = [u];
    for (let q = 0; q < queue.length; q++) {
      const v = queue[q]!;
      if (v < graph.principalCount && estate.principals.isAccount(v) && estate.principals.isActive(v, this.nowMs))
        for (const k of this.identitiesOf(v)) keys.add(k);
      for (let e = rev.start[v]!; e < rev.start[v + 1]!; e++) {
        const w = rev.from[e]!;
        if (this.seen[w] !== stamp) {
          this.seen[w] = stamp;
          queue.push(w);
        }
      }
    }
    h = { keys };
    this.cache.set(u, h);
    return h;
  }

  /**
   * The weight of an edge out of `u` (1 + the others who hold `u`) when it is at most `limit`, else
   * `limit + 1`: the walk stops as soon as it has seen more than `limit - 1` others, so a group held
   * by thousands costs a few dozen steps (see the threshold in plan-finding.ts).
   */
  weightUpTo(u: number, subject: ReadonlySet<number>, limit: number): number {
    const done = this.cache.get(u);
    if (done) return Math.min(1 + this.others(u, subject).count, limit + 1);
    const { graph, estate } = this.ctx;
    const rev = graph.holders;
    const keys = new Set<number>();
    let others = 0;
    this.seen ??= new Int32Array(graph.nodeCount);
    const stamp = ++this.epoch;
    this.seen[u] = stamp;
    const queue = [u];
    for (let q = 0; q < queue.length; q++) {
      const v = queue[q]!;
      if (v < graph.principalCount && estate.principals.isAccount(v) && estate.principals.isActive(v, this.nowMs))
        for (const k of this.identitiesOf(v))
          if (!keys.has(k)) {
            keys.add(k);
            if (!subject.has(k) && ++others >= limit) return limit + 1;
          }
      for (let e = rev.start[v]!; e < rev.start[v + 1]!; e++) {
        const w = rev.from[e]!;
        if (this.seen[w] !== stamp) {
          this.seen[w] = stamp;
          queue.push(w);
        }
      }
    }
    this.cache.set(u, { keys });
    return 1 + others;
  }

  /** Identities other than the subject's that hold `u`: how many, and the first few. */
  others(u: number, subject: ReadonlySet<number>, sample = 10): { count: number; first: number[] } {
    const keys = this.holders(u).keys;
    let mine = 0;
    for (const k of subject) if (keys.has(k)) mine++;
    const first: number[] = [];
    for (const k of keys) {
      if (first.length >= sample) break;
      if (!subject.has(k)) first.push(k);
    }
    return { count: keys.size - mine, first };
  }

  /** Display name of an identity number. */
  nameOf(key: number): string {
    const persons = this.ctx.people.persons.length;
    const P = this.ctx.estate.principals.length;
    if (key < persons) return this.ctx.people.persons.at(key).name;
    if (key >= persons + P) return `tool ${this.ctx.estate.tools[key - persons - P]?.name ?? '?'}`;
    const a = this.ctx.estate.principals.at(key - persons);
    return `account ${a.source}:${a.kind === 'account' ? (a.upn ?? a.samAccountName ?? a.name) : a.id}`;
  }
}
