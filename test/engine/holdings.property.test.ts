import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { privilegeTier, entitlementName } from '../../src/engine/held-entitlements.js';
import { holdings, MAX_CHAINS_PER_ZONE } from '../../src/rules/person-chains.js';
import { config, contextOf, estateOf, group, source, user } from '../helpers/estate-builder.js';

/*
 * The chains of a separation finding (DOMAIN.md section 4: per zone, each non-baseline entitlement held with its
 * chain, most privileged first, capped) agree with a plain reference: an unrestricted breadth-first search from
 * every account, all entitlements sorted, the first ten kept, each with its shortest chain over the accounts.
 * Domain Admins (<domain>-512) and Domain Users (<domain>-513) by RID: Microsoft Learn, "Security identifiers".
 */

const SID = 'S-1-5-21-9-9-9';
const arb = fc.record({
  accounts: fc.integer({ min: 1, max: 3 }),
  groups: fc.integer({ min: 1, max: 24 }),
  edges: fc.array(fc.tuple(fc.nat(40), fc.nat(40), fc.boolean()), { minLength: 20, maxLength: 120, size: 'max' }),
  names: fc.array(fc.constantFrom('Alpha', 'beta', 'OT-Ops', 'ot-ops', 'Zed'), { minLength: 24, maxLength: 24 }),
});

describe('separation holdings', () => {
  it('match a reference search: first ten by privilege and name, each by its shortest chain; the rest counted', () => {
    fc.assert(
      fc.property(arb, ({ accounts, groups, edges, names }) => {
        const accIds = Array.from({ length: accounts }, (_, i) => `a${i}`);
        const grpIds = Array.from({ length: groups }, (_, g) => `g${g}`);
        const ids = [...accIds, ...grpIds];
        const members = grpIds.map(() => new Set<string>());
        // Half the memberships are of accounts, so closures often exceed the cap of ten.
        for (const [m, g, ofAccount] of edges) {
          const who = ofAccount ? accIds[m % accounts]! : ids[m % ids.length]!;
          if (who !== grpIds[g % groups]) members[g % groups]!.add(who);
        }
        // g0 is Domain Users (baseline), g1 Domain Admins (privileged); the rest are named from a small pool.
        const sid = (g: number) => `${SID}-${g === 0 ? 513 : g === 1 ? 512 : 2000 + g}`;
        const estate = estateOf(
          source('ot', {
            accounts: accIds.map((id) => user(id)),
            groups: grpIds.map((id, g) =>
              group(id, [...members[g]!], { name: g === 0 ? 'Domain Users' : g === 1 ? 'Domain Admins' : names[g]!, sid: sid(g) }),
            ),
          }),
        );
        const ctx = contextOf(estate, config({ zones: [{ id: 'ot', sources: ['ot'] }] }));
        const accountNodes = accIds.map((_, i) => i);
        const h = holdings(ctx, accountNodes, ctx.zones.mask(['ot']), undefined);

        // Reference: unrestricted BFS from each account.
        const dist = new Map<number, number>();
        const bare: number[] = [];
        for (const a of accountNodes) {
          let holdsAny = false;
          const seen = new Map<number, number>([[a, 0]]);
          const queue = [a];
          for (let q = 0; q < queue.length; q++) {
            const v = queue[q]!;
            for (let e = ctx.graph.start[v]!; e < ctx.graph.start[v + 1]!; e++) {
              const w = ctx.graph.to[e]!;
              if (seen.has(w)) continue;
              seen.set(w, seen.get(v)! + 1);
              queue.push(w);
            }
          }
          for (const [n, d] of seen)
            if (!accountNodes.includes(n) && ctx.grant[n] && !ctx.baseline[n]) {
              holdsAny = true;
              dist.set(n, Math.min(d, dist.get(n) ?? Infinity));
            }
          if (!holdsAny) bare.push(a);
        }
        const key = (n: number) => [privilegeTier(ctx, n), entitlementName(ctx, n).toLowerCase(), n] as const;
        const sorted = [...dist.keys()].sort((x, y) => {
          const [a, b] = [key(x), key(y)];
          return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]);
        });
        const expected = sorted.slice(0, MAX_CHAINS_PER_ZONE).map((n) => [ctx.estate.principals.at(n).id, dist.get(n)! + 1]);
        const shown = h.chains
          .draw()
          .filter((c) => c.steps.length > 1)
          .map((c) => [c.steps.at(-1)!.id, c.steps.length]);
        expect(shown).toEqual(expected);
        const shownBare = h.chains
          .draw()
          .filter((c) => c.steps.length === 1)
          .map((c) => c.steps[0]!.id);
        expect(shownBare).toEqual(bare.slice(0, Math.max(0, MAX_CHAINS_PER_ZONE - expected.length)).map((a) => accIds[a]));
        const total = dist.size + bare.length;
        expect(h.notShown.ot ?? 0).toBe(Math.max(0, total - MAX_CHAINS_PER_ZONE));
        expect(h.chains.draw().some((c) => c.steps.at(-1)!.name === 'Domain Users' && c.steps.length > 1)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
