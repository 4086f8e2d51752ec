import { chainSteps } from '../engine/chains.js';
import { chainStepsOver } from '../engine/chain-tails.js';
import type { ChainDrawing } from './deferred-chains.js';
import type { RuleContext } from '../engine/context.js';
import { rankEntitlements, type ClosureIndex } from '../engine/closure-index.js';
import { entitlementName, privilegeTier, UpwardSearch, type FoundChain } from '../engine/held-entitlements.js';
import type { Chain, ChainStep, Subject } from '../model/findings.js';

/** Chains shown per zone; the rest are counted in the finding's details. */
export const MAX_CHAINS_PER_ZONE = 10;

export const personSubject = (ctx: RuleContext, p: number): Subject => {
  const ps = ctx.people.persons;
  return { type: 'person', id: ps.str(p, 'id')!, name: ps.str(p, 'name')! };
};

export const accountSubject = (ctx: RuleContext, a: number): Subject => {
  const ps = ctx.estate.principals;
  const id = ps.str(a, 'id')!;
  const name = ps.isAccount(a) ? (ps.str(a, 'upn') ?? ps.str(a, 'samAccountName') ?? ps.str(a, 'name')!) : id;
  return { type: 'account', id, name, source: ps.source(a) };
};

export interface Holdings {
  /** Zones of the mask held. */
  held: number;
  /** Per zone id: accounts that are credentials there by themselves and hold nothing else there. */
  bare: Map<string, number[]>;
  /** The chains shown, as the integers that draw them (deferred-chains.ts). */
  chains: ChainDrawing;
  /** The account each shown chain starts from, in the chains' order. */
  starts: number[];
  /** Per zone id: entitlements (or bare accounts) held there but not shown as chains. */
  notShown: Record<string, number>;
  /** With an allowance: what is held beyond it (shown first, as `name (source)`), and how many in all. */
  beyond?: { names: string[]; total: number };
}

/** A person's enabled, unexpired accounts. */
export const activeAccounts = (ctx: RuleContext, person: number): number[] =>
  ctx.people.accountsOf.of(person).filter((a) => ctx.estate.principals.isActive(a, ctx.now.getTime()));

export interface Scratch {
  search: UpwardSearch;
  /**
   * Order of every entitlement node (grants a zone, not baseline) by privilege tier, lower-cased name,
   * then node: computed once per run, so ranking what an account holds is one integer comparison per
   * node instead of a string comparison per node per account.
   */
  rank: Int32Array;
  /** Node of each rank. */
  byRank: Int32Array;
  /** How many nodes are ranked: a rank plus this is the key of an allowed entitlement (it sorts after). */
  ranked: number;
  /** Closure summaries by mask, built on first use. */
  indexes: Map<number, ClosureIndex>;
  /** Zones (bits) in which a node was already counted for the current call, and that call's stamp. */
  seenMask: Uint32Array;
  seenStamp: Int32Array;
  /** The current call's stamp on nodes found beyond the allowance (counted once across accounts). */
  beyondStamp: Int32Array;
  stamp: number;
  /** The current chunk of the run's arena of chain plans (DeferredChains), and its next free place. */
  plans: { ints: Int32Array; pos: number };
}
/** Search buffers and order keys, kept per run: persons share most of their groups. */
const scratch = new WeakMap<RuleContext, Scratch>();
export function scratchOf(ctx: RuleContext): Scratch {
  let s = scratch.get(ctx);
  if (!s) {
    const n = ctx.graph.nodeCount;
    const { rank, byRank } = rankEntitlements(
      ctx,
      (n) => privilegeTier(ctx, n),
      (n) => entitlementName(ctx, n),
    );
    s = {
      search: new UpwardSearch(ctx),
      rank,
      byRank,
      ranked: byRank.length,
      indexes: new Map(),
      seenMask: new Uint32Array(n),
      seenStamp: new Int32Array(n),
      beyondStamp: new Int32Array(n),
      stamp: 0,
      plans: { ints: new Int32Array(0), pos: 0 },
    };
    scratch.set(ctx, s);
  }
  return s;
}

export interface Candidate {
  node: number;
  /** Rank of the entitlement, plus the count of ranked nodes when allowed: allowed ones come last. */
  key: number;
  /** Edges of its chain: of an entitlement's chains, the shortest (the first found among equals) is kept. */
  edges: number;
  /** The chain found by a search; without it, the closure index passed to `assemble` draws it from `from`. */
  chain?: FoundChain;
  /** The account the chain starts from. */
  from: number;
  /** Without `chain`: the edge from `from` that starts it. */
  edge?: number;
}

const sourceOf = (ctx: RuleContext, node: number): string =>
  node >= ctx.graph.principalCount ? ctx.graph.roles[node - ctx.graph.principalCount]!.source : ctx.estate.principals.source(node);

/**
 * What `accounts` hold in each zone of `mask`: every distinct non-baseline entitlement granting the zone
 * (groups, active and eligible roles, PIM for groups, owned service principals), shown as chains
 * `account -> ... -> entitlement`, most privileged first and at most MAX_CHAINS_PER_ZONE per zone; an
 * account that is a credential of the zone by itself is shown bare only when it holds nothing else there.
 * With `allowed` (a hybrid allowance), what lies beyond it comes first and is named in `beyond`.
 * One upward search per account; chains are built only for the entitlements shown (an entitlement in
 * the first ten of the person is in the first ten of every account holding it, since the order does not
 * depend on the account).
 */
export function holdings(
  ctx: RuleContext,
  accounts: number[],
  mask: number,
  allowed: ((node: number) => boolean) | undefined,
  person?: Subject,
): Holdings {
  const sc = scratchOf(ctx);
  const { grant } = ctx;
  const own = new Set(accounts);
  const zones = ctx.zones.names(mask).map((id) => ({ id, bit: ctx.zones.bit(id) }));
  const zn = zones.length;
  const best = zones.map(() => new Map<number, Candidate>());
  const counts = new Array<number>(zn).fill(0);
  const bare = new Map<string, number[]>(zones.map((z) => [z.id, []]));
  // Per zone, this account's first MAX_CHAINS_PER_ZONE keys (ascending) and their nodes.
  const topKey = zones.map(() => new Float64Array(MAX_CHAINS_PER_ZONE));
  const topNode = zones.map(() => new Int32Array(MAX_CHAINS_PER_ZONE));
  const topLen = new Int32Array(zn);
  const any = new Uint8Array(zn);
  const stamp = ++sc.stamp;
  // With one account every node is met once: no distinctness bookkeeping needed.
  const single = accounts.length === 1;
  let beyondTotal = 0;
  const keyOf = (n: number): number => {
    if (!allowed) return sc.rank[n]!;
    if (allowed(n)) return sc.rank[n]! + sc.ranked;
    if (sc.beyondStamp[n] !== stamp) {
      sc.beyondStamp[n] = stamp;
      beyondTotal++;
    }
    return sc.rank[n]!;
  };
  for (const a of accounts) {
    const found = sc.search.run(a, mask, own);
    const heldBuf = sc.search.held;
    topLen.fill(0);
    any.fill(0);
    for (let i = 0; i < found; i++) {
      const n = heldBuf[i]!;
      const g = grant[n]!;
      const key = keyOf(n);
      for (let zi = 0; zi < zn; zi++) {
        const bit = zones[zi]!.bit;
        if ((g & bit) === 0) continue;
        any[zi] = 1;
        if (single) counts[zi]!++;
        else {
          // Distinct entitlements across the accounts, counted once per zone.
          if (sc.seenStamp[n] !== stamp) {
            sc.seenStamp[n] = stamp;
            sc.seenMask[n] = 0;
          }
          if ((sc.seenMask[n]! & bit) === 0) {
            sc.seenMask[n]! |= bit;
            counts[zi]!++;
          }
        }
        // Insertion into the short sorted list; most of a large closure loses to the last kept.
        const keys = topKey[zi]!;
        const nodes = topNode[zi]!;
        let len = topLen[zi]!;
        if (len === MAX_CHAINS_PER_ZONE && key >= keys[len - 1]!) continue;
        if (len < MAX_CHAINS_PER_ZONE) len++;
        let j = len - 1;
        while (j > 0 && keys[j - 1]! > key) {
          keys[j] = keys[j - 1]!;
          nodes[j] = nodes[j - 1]!;
          j--;
        }
        keys[j] = key;
        nodes[j] = n;
        topLen[zi] = len;
      }
    }
    for (let zi = 0; zi < zn; zi++) {
      if (!any[zi] && grant[a]! & zones[zi]!.bit) bare.get(zones[zi]!.id)!.push(a);
      // Chains are read off this account's search now, before the next search reuses the buffers.
      const kept = best[zi]!;
      for (let j = 0; j < topLen[zi]!; j++) {
        const node = topNode[zi]![j]!;
        const prev = kept.get(node);
        if (prev && sc.search.dist[node]! >= prev.edges) continue;
        const chain = sc.search.chainTo(node);
        kept.set(node, { node, key: topKey[zi]![j]!, edges: chain.nodes.length - 1, chain, from: a });
      }
    }
  }
  return assemble(ctx, sc, zones, best, counts, bare, allowed ? beyondTotal : undefined, person);
}

/**
 * A Holdings from what was found per zone: the kept candidates (the first MAX_CHAINS_PER_ZONE by key
 * are shown, with their chains), distinct entitlements counted, bare accounts; `beyondTotal` with an
 * allowance.
 */
export function assemble(
  ctx: RuleContext,
  sc: Scratch,
  zones: { id: string; bit: number }[],
  best: Map<number, Candidate>[],
  counts: number[],
  bare: Map<string, number[]>,
  beyondTotal: number | undefined,
  person: Subject | undefined,
  idx?: ClosureIndex,
): Holdings {
  let held = 0;
  // Per chain shown, four integers in the run's plan arena (see DeferredChains).
  const plan = planSpace(sc, zones.length * MAX_CHAINS_PER_ZONE * 4);
  const at = plan.pos;
  let found: FoundChain[] | undefined;
  const starts: number[] = [];
  const notShown: Record<string, number> = {};
  const beyondShown: string[] = [];
  zones.forEach((z, zi) => {
    const bareHere = bare.get(z.id)!;
    if (counts[zi] === 0 && bareHere.length === 0) return;
    held |= z.bit;
    const list = [...best[zi]!.values()].sort((x, y) => x.key - y.key).slice(0, MAX_CHAINS_PER_ZONE);
    const total = counts[zi]! + bareHere.length;
    if (total > MAX_CHAINS_PER_ZONE) notShown[z.id] = total - MAX_CHAINS_PER_ZONE;
    if (beyondTotal !== undefined)
      for (const c of list) {
        if (c.key >= sc.ranked) continue; // allowed
        const label = `${entitlementName(ctx, c.node)} (${sourceOf(ctx, c.node)})`;
        if (!beyondShown.includes(label)) beyondShown.push(label);
      }
    for (const c of list) {
      if (c.chain) {
        (found ??= []).push(c.chain);
        putPlan(plan, zi, found.length - 1, SEARCHED, 0);
        starts.push(c.chain.nodes[0]!);
      } else {
        putPlan(plan, zi, c.from, c.edge!, c.key);
        starts.push(c.from);
      }
    }
    for (const a of bareHere.slice(0, Math.max(0, MAX_CHAINS_PER_ZONE - list.length))) {
      putPlan(plan, zi, a, BARE, 0);
      starts.push(a);
    }
  });
  const chains = new DeferredChains(ctx, zones, plan.ints, at, plan.pos - at, found, person, idx);
  const out: Holdings = { held: held >>> 0, bare, chains, starts, notShown };
  if (beyondTotal !== undefined) out.beyond = { names: beyondShown, total: beyondTotal };
  return out;
}

const SEARCHED = -1;
const BARE = -2;
/** Ints per chunk of the plan arena: 4 MiB, so a million findings' plans are a few dozen chunks. */
const CHUNK = 1 << 20;

/** Where the next plan of `need` ints goes: the current chunk of the run's arena, or a new one. */
function planSpace(sc: Scratch, need: number): { ints: Int32Array; pos: number } {
  if (sc.plans.ints.length - sc.plans.pos < need) sc.plans = { ints: new Int32Array(Math.max(CHUNK, need)), pos: 0 };
  return sc.plans;
}

/** Appends one chain's four integers to a plan (no array per chain: this runs for every chain shown). */
function putPlan(plan: { ints: Int32Array; pos: number }, zi: number, a: number, b: number, c: number): void {
  const { ints, pos } = plan;
  ints[pos] = zi;
  ints[pos + 1] = a;
  ints[pos + 2] = b;
  ints[pos + 3] = c;
  plan.pos = pos + 4;
}

/**
 * A holding's chains as integers: per chain its zone index, then (account, edge, key) for one the
 * closure index draws, (place in `found`, SEARCHED, 0) for one a search found, or (account, BARE, 0)
 * for a bare account. The integers sit in a run-wide arena (a typed array per million), so a finding
 * keeps this object and ~320 bytes outside the JavaScript heap instead of twenty arrays of steps.
 */
class DeferredChains implements ChainDrawing {
  constructor(
    private readonly ctx: RuleContext,
    private readonly zones: readonly { id: string }[],
    private readonly ints: Int32Array,
    private readonly at: number,
    private readonly length: number,
    private readonly found: FoundChain[] | undefined,
    private readonly person: Subject | undefined,
    private readonly idx: ClosureIndex | undefined,
  ) {}

  draw(): Chain[] {
    const { ctx, ints, person } = this;
    // One step for the person, first in each chain the index draws (they share it).
    const personStep: ChainStep | undefined = person && { type: 'person', id: person.id, name: person.name };
    const chains = new Array<Chain>(this.length / 4);
    for (let i = 0; i < this.length; i += 4) {
      const p = this.at + i;
      const zi = ints[p]!;
      const a = ints[p + 1]!;
      const b = ints[p + 2]!;
      const c = ints[p + 3]!;
      const steps =
        b === SEARCHED
          ? chainSteps(ctx, this.found![a]!, person)
          : b === BARE
            ? chainSteps(ctx, { nodes: [a], via: [-1] }, person)
            : chainStepsOver(ctx, this.idx!, a, b, zi, c, personStep);
      chains[i / 4] = { zone: this.zones[zi]!.id, steps };
    }
    return chains;
  }
}
