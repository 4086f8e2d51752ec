import { chainSteps } from '../engine/chains.js';
import type { RuleContext } from '../engine/context.js';
import { accountHoldings, entitlementName, privilegeTier, type FoundChain } from '../engine/held-entitlements.js';
import type { Chain, Subject } from '../model/findings.js';

/** Chains shown per zone; the rest are counted in the finding's details. */
export const MAX_CHAINS_PER_ZONE = 10;

export const personSubject = (ctx: RuleContext, p: number): Subject => {
  const person = ctx.people.persons.at(p);
  return { type: 'person', id: person.id, name: person.name };
};

export const accountSubject = (ctx: RuleContext, a: number): Subject => {
  const acc = ctx.estate.principals.at(a);
  const name = acc.kind === 'account' ? (acc.upn ?? acc.samAccountName ?? acc.name) : acc.id;
  return { type: 'account', id: acc.id, name, source: acc.source };
};

/** One entitlement held in a zone, with the shortest chain to it from any of the accounts. */
export interface HeldEntitlement {
  node: number;
  chain: FoundChain;
}

export interface Holdings {
  /** Zones of the mask held. */
  held: number;
  /** Per zone id: the distinct non-baseline entitlements held there. */
  entitlements: Map<string, HeldEntitlement[]>;
  /** Per zone id: accounts that are credentials there by themselves and hold nothing else there. */
  bare: Map<string, number[]>;
  chains: Chain[];
  /** Per zone id: entitlements (or bare accounts) held there but not shown as chains. */
  notShown: Record<string, number>;
}

/** Zones (of `mask`) that some active account of a person holds, with what is held in each. */
export function personHoldings(ctx: RuleContext, person: number, mask: number, order?: (node: number) => number): Holdings {
  const accounts = ctx.people.accountsOf.of(person).filter((a) => ctx.estate.principals.isActive(a, ctx.now.getTime()));
  return holdings(ctx, accounts, mask, order, personSubject(ctx, person));
}

/**
 * What `accounts` hold in each zone of `mask`: every distinct non-baseline entitlement granting the zone
 * (groups, active and eligible roles, PIM for groups, owned service principals), each with its chain
 * `account -> ... -> entitlement`, most privileged first; an account that is a credential of the zone by
 * itself is shown bare only when it holds nothing else there. `order` ranks entitlements before the
 * privilege order (lower first), e.g. what lies beyond an allowance.
 */
export function holdings(
  ctx: RuleContext,
  accounts: number[],
  mask: number,
  order: ((node: number) => number) | undefined,
  person?: Subject,
): Holdings {
  const own = new Set(accounts);
  const reach = accounts.map((a) => accountHoldings(ctx, a, mask, own));
  let held = 0;
  const entitlements = new Map<string, HeldEntitlement[]>();
  const bare = new Map<string, number[]>();
  const chains: Chain[] = [];
  const notShown: Record<string, number> = {};
  const key = (n: number) => ({ o: order?.(n) ?? 0, t: privilegeTier(ctx, n), name: entitlementName(ctx, n).toLowerCase() });
  for (const zone of ctx.zones.names(mask)) {
    const bit = ctx.zones.bit(zone);
    const best = new Map<number, FoundChain>();
    const bareHere: number[] = [];
    for (const r of reach) {
      let any = false;
      for (const [n, c] of r.held) {
        if ((ctx.grant[n]! & bit) === 0) continue;
        any = true;
        const b = best.get(n);
        if (!b || c.nodes.length < b.nodes.length) best.set(n, c);
      }
      if (!any && ctx.grant[r.account]! & bit) bareHere.push(r.account);
    }
    if (best.size === 0 && bareHere.length === 0) continue;
    held |= bit;
    const keys = new Map([...best.keys()].map((n) => [n, key(n)]));
    const list = [...best].map(([node, chain]) => ({ node, chain }));
    list.sort((x, y) => {
      const a = keys.get(x.node)!;
      const b = keys.get(y.node)!;
      return a.o - b.o || a.t - b.t || (a.name < b.name ? -1 : a.name > b.name ? 1 : x.node - y.node);
    });
    entitlements.set(zone, list);
    bare.set(zone, bareHere);
    const shown: FoundChain[] = [...list.map((h) => h.chain), ...bareHere.map((a) => ({ nodes: [a], via: [-1] }))];
    if (shown.length > MAX_CHAINS_PER_ZONE) notShown[zone] = shown.length - MAX_CHAINS_PER_ZONE;
    for (const found of shown.slice(0, MAX_CHAINS_PER_ZONE)) {
      const steps = chainSteps(ctx, found);
      if (person) {
        steps[0] = { ...steps[0]!, via: 'correlated' };
        steps.unshift({ type: 'person', id: person.id, name: person.name });
      }
      chains.push({ zone, steps });
    }
  }
  return { held: held >>> 0, entitlements, bare, chains, notShown };
}
