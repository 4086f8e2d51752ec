import { chainSteps } from '../engine/chains.js';
import type { RuleContext } from '../engine/context.js';
import { entitlementName, privilegeTier, UpwardSearch, type FoundChain } from '../engine/held-entitlements.js';
import type { Chain, Subject } from '../model/findings.js';

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
  chains: Chain[];
  /** Per zone id: entitlements (or bare accounts) held there but not shown as chains. */
  notShown: Record<string, number>;
  /** With an allowance: what is held beyond it (shown first, as `name (source)`), and how many in all. */
  beyond?: { names: string[]; total: number };
}

/** Zones (of `mask`) that some active account of a person holds, with what is held in each. */
export function personHoldings(ctx: RuleContext, person: number, mask: number, allowed?: (node: number) => boolean): Holdings {
  const accounts = ctx.people.accountsOf.of(person).filter((a) => ctx.estate.principals.isActive(a, ctx.now.getTime()));
  return holdings(ctx, accounts, mask, allowed, personSubject(ctx, person));
}

interface Scratch {
  search: UpwardSearch;
  tier: Int8Array;
  /** Lower-cased entitlement names by node, filled as met (an array: indexed reads, no hashing). */
  names: (string | undefined)[];
  /** Zones (bits) in which a node was already counted for the current call, and that call's stamp. */
  seenMask: Uint32Array;
  seenStamp: Int32Array;
  stamp: number;
}
/** Search buffers and order keys, kept per run: persons share most of their groups. */
const scratch = new WeakMap<RuleContext, Scratch>();
function scratchOf(ctx: RuleContext): Scratch {
  let s = scratch.get(ctx);
  if (!s) {
    const n = ctx.graph.nodeCount;
    s = {
      search: new UpwardSearch(ctx),
      tier: new Int8Array(n).fill(-1),
      names: new Array<string | undefined>(n),
      seenMask: new Uint32Array(n),
      seenStamp: new Int32Array(n),
      stamp: 0,
    };
    scratch.set(ctx, s);
  }
  return s;
}

interface Candidate {
  node: number;
  /** 0 beyond the allowance (or no allowance), 1 allowed. */
  o: number;
  tier: number;
  name: string;
  chain?: FoundChain;
}
const before = (x: Candidate, y: Candidate): boolean =>
  x.o !== y.o ? x.o < y.o : x.tier !== y.tier ? x.tier < y.tier : x.name !== y.name ? x.name < y.name : x.node < y.node;

/** Keeps the first `max` candidates in order (insertion into a short sorted array). */
function keep(top: Candidate[], c: Candidate, max: number): void {
  if (top.length === max && !before(c, top[max - 1]!)) return;
  let i = top.length;
  while (i > 0 && before(c, top[i - 1]!)) i--;
  top.splice(i, 0, c);
  if (top.length > max) top.pop();
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
  const own = new Set(accounts);
  const zones = ctx.zones.names(mask).map((id) => ({ id, bit: ctx.zones.bit(id) }));
  const tops = zones.map(() => new Map<number, Candidate>());
  const counts = zones.map(() => 0);
  const bare = new Map<string, number[]>(zones.map((z) => [z.id, []]));
  const beyondNodes = new Set<number>();
  const stamp = ++sc.stamp;
  const tierOf = (n: number): number => {
    let tier = sc.tier[n]!;
    if (tier < 0) sc.tier[n] = tier = privilegeTier(ctx, n);
    return tier;
  };
  const nameOf = (n: number): string => {
    let name = sc.names[n];
    if (name === undefined) sc.names[n] = name = entitlementName(ctx, n).toLowerCase();
    return name;
  };
  for (const a of accounts) {
    const held = sc.search.run(a, mask, own);
    if (allowed) for (const n of held) if (!allowed(n)) beyondNodes.add(n);
    zones.forEach((z, zi) => {
      const top: Candidate[] = [];
      let any = false;
      for (const n of held) {
        if ((ctx.grant[n]! & z.bit) === 0) continue;
        any = true;
        // Distinct entitlements across the accounts, counted once per zone.
        if (sc.seenStamp[n] !== stamp) {
          sc.seenStamp[n] = stamp;
          sc.seenMask[n] = 0;
        }
        if ((sc.seenMask[n]! & z.bit) === 0) {
          sc.seenMask[n]! |= z.bit;
          counts[zi]!++;
        }
        const o = allowed?.(n) ? 1 : 0;
        const tier = tierOf(n);
        const last = top.length === MAX_CHAINS_PER_ZONE ? top[MAX_CHAINS_PER_ZONE - 1]! : undefined;
        // Most entitlements of a large closure lose to the tenth already kept: no object, no name needed.
        if (last && (o > last.o || (o === last.o && tier > last.tier))) continue;
        const name = nameOf(n);
        // Same order as `before`, checked before a candidate object is made for it.
        if (last && o === last.o && tier === last.tier && (name > last.name || (name === last.name && n > last.node))) continue;
        keep(top, { node: n, o, tier, name }, MAX_CHAINS_PER_ZONE);
      }
      if (!any && ctx.grant[a]! & z.bit) bare.get(z.id)!.push(a);
      // Chains are read off this account's search now, before the next search reuses the buffers.
      const best = tops[zi]!;
      for (const c of top) {
        const prev = best.get(c.node);
        if (!prev || sc.search.dist[c.node]! < prev.chain!.nodes.length - 1) best.set(c.node, { ...c, chain: sc.search.chainTo(c.node) });
      }
    });
  }
  let held = 0;
  const chains: Chain[] = [];
  const notShown: Record<string, number> = {};
  const beyondShown: string[] = [];
  zones.forEach((z, zi) => {
    const bareHere = bare.get(z.id)!;
    if (counts[zi] === 0 && bareHere.length === 0) return;
    held |= z.bit;
    const list = [...tops[zi]!.values()].sort((x, y) => (before(x, y) ? -1 : 1)).slice(0, MAX_CHAINS_PER_ZONE);
    const total = counts[zi]! + bareHere.length;
    if (total > MAX_CHAINS_PER_ZONE) notShown[z.id] = total - MAX_CHAINS_PER_ZONE;
    if (allowed)
      for (const c of list) {
        if (c.o !== 0) continue;
        const label = `${entitlementName(ctx, c.node)} (${sourceOf(ctx, c.node)})`;
        if (!beyondShown.includes(label)) beyondShown.push(label);
      }
    const shown: FoundChain[] = [
      ...list.map((c) => c.chain!),
      ...bareHere.slice(0, Math.max(0, MAX_CHAINS_PER_ZONE - list.length)).map((a) => ({ nodes: [a], via: [-1] })),
    ];
    for (const found of shown) {
      const steps = chainSteps(ctx, found);
      if (person) {
        // The first step is this chain's own object (chainSteps builds each afresh): set in place.
        steps[0]!.via = 'correlated';
        steps.unshift({ type: 'person', id: person.id, name: person.name });
      }
      chains.push({ zone: z.id, steps });
    }
  });
  const out: Holdings = { held: held >>> 0, bare, chains, notShown };
  if (allowed) out.beyond = { names: beyondShown, total: beyondNodes.size };
  return out;
}
