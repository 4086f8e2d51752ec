import { chainSteps, findChain } from '../engine/chains.js';
import type { RuleContext } from '../engine/context.js';
import type { Chain, Subject } from '../model/findings.js';

const MAX_CHAINS_PER_ZONE = 5;

export const personSubject = (ctx: RuleContext, p: number): Subject => {
  const person = ctx.people.persons.at(p);
  return { type: 'person', id: person.id, name: person.name };
};

export const accountSubject = (ctx: RuleContext, a: number): Subject => {
  const acc = ctx.estate.principals.at(a);
  const name = acc.kind === 'account' ? (acc.upn ?? acc.samAccountName ?? acc.name) : acc.id;
  return { type: 'account', id: acc.id, name, source: acc.source };
};

/**
 * Zones (of `mask`) that some active account of a person holds, with the chains proving each:
 * person -> account -> group ... -> granting entitlement. With `allowed` (a hybrid allowance), allowed
 * entitlements are set aside, and an account that exists in a zone only to carry allowed entitlements
 * does not count there by itself.
 */
export function personHoldings(
  ctx: RuleContext,
  person: number,
  mask: number,
  allowed?: (node: number) => boolean,
): { held: number; chains: Chain[] } {
  const accounts = ctx.people.accountsOf.of(person).filter((a) => ctx.estate.principals.isActive(a, ctx.now.getTime()));
  return holdings(ctx, accounts, mask, allowed, personSubject(ctx, person));
}

function chainFor(ctx: RuleContext, a: number, bit: number, allowed?: (node: number) => boolean) {
  if (!allowed) return findChain(ctx, a, bit);
  const beyond = findChain(ctx, a, bit, { skip: allowed, ignoreStartGrant: true });
  if (beyond) return beyond;
  // A bare account in the zone counts, unless it reaches allowed entitlements there (it exists for them).
  if (ctx.grant[a]! & bit && !findChain(ctx, a, bit, { ignoreStartGrant: true })) return { nodes: [a], via: [-1] };
  return undefined;
}

export function holdings(
  ctx: RuleContext,
  accounts: number[],
  mask: number,
  allowed: ((node: number) => boolean) | undefined,
  person?: Subject,
): { held: number; chains: Chain[] } {
  let held = 0;
  const chains: Chain[] = [];
  for (const zone of ctx.zones.names(mask)) {
    const bit = ctx.zones.bit(zone);
    let n = 0;
    for (const a of accounts) {
      if (n >= MAX_CHAINS_PER_ZONE) break;
      const found = chainFor(ctx, a, bit, allowed);
      if (!found) continue;
      held |= bit;
      n++;
      const steps = chainSteps(ctx, found);
      if (person) {
        steps[0] = { ...steps[0]!, via: 'correlated' };
        steps.unshift({ type: 'person', id: person.id, name: person.name });
      }
      chains.push({ zone, steps });
    }
  }
  return { held: held >>> 0, chains };
}
