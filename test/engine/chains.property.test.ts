import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findChain } from '../../src/engine/chains.js';
import { contextOf, estateOf, group, source, user, config } from '../helpers/estate-builder.js';

/** Random IT directories with nested groups (cycles included), some zoned OT by name. */
const dirArb = fc.record({
  accounts: fc.integer({ min: 1, max: 6 }),
  groups: fc.integer({ min: 1, max: 10 }),
  edges: fc.array(fc.tuple(fc.nat(15), fc.nat(9)), { maxLength: 40 }),
});

describe('chains', () => {
  it('read off the precomputed next hops are shortest chains that end at a granting node', () => {
    fc.assert(
      fc.property(dirArb, ({ accounts, groups, edges }) => {
        const ids = [
          ...Array.from({ length: accounts }, (_, i) => `u${i}`),
          ...Array.from({ length: groups }, (_, g) => (g % 3 === 0 ? `OT-${g}` : `G${g}`)),
        ];
        const members = Array.from({ length: groups }, () => new Set<string>());
        for (const [m, g] of edges) members[g % groups]!.add(ids[m % ids.length]!);
        const estate = estateOf(
          source('it', {
            accounts: ids.slice(0, accounts).map((id) => user(id)),
            groups: ids.slice(accounts).map((id, g) => group(id, [...members[g]!])),
          }),
        );
        const ctx = contextOf(
          estate,
          config({
            zones: [
              { id: 'it', sources: [] },
              { id: 'ot', sources: [], entitlements: [{ name: 'OT-*' }] },
            ],
          }),
        );
        const bit = ctx.zones.bit('ot');
        for (let a = 0; a < accounts; a++) {
          const fast = findChain(ctx, a, bit);
          const bfs = findChain(ctx, a, bit, { skip: () => false });
          expect(fast?.nodes.length).toEqual(bfs?.nodes.length);
          if (!fast) continue;
          expect(ctx.grant[fast.nodes.at(-1)!]! & bit).toBe(bit);
          for (let i = 1; i < fast.nodes.length; i++) {
            const v = fast.nodes[i - 1]!;
            const hop = Array.from(ctx.graph.to.subarray(ctx.graph.start[v], ctx.graph.start[v + 1]));
            expect(hop).toContain(fast.nodes[i]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
