import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdingsOfMany, type HoldingRequest } from '../../src/rules/holdings-batch.js';
import { holdings, type Holdings } from '../../src/rules/person-chains.js';
import { config, contextOf, estateOf, group, source, user } from '../helpers/estate-builder.js';

/*
 * The holdings of many subjects at once (closure index: best ten per component, exact counts by a
 * multi-source pass, chains by the index's distances, their tails kept per first hop) equal one upward search per subject, on random
 * estates with cycles, shared groups, accounts of several subjects, two zones (one by source, one also
 * by entitlement name, DOMAIN.md section 3) and batches of 32 subjects and more (fewer are searched one by one). Domain Users (-513,
 * baseline) and Domain Admins (-512, privileged): Microsoft Learn, "Security identifiers", well-known RIDs.
 */

const SID = 'S-1-5-21-7-7-7';
const pool = ['Alpha', 'beta', 'OT-Ops', 'ot-ops', 'OT-Remote', 'Zed', 'alpha'];
const arb = fc.record({
  accounts: fc.integer({ min: 1, max: 6 }),
  groups: fc.integer({ min: 2, max: 30 }),
  ring: fc.integer({ min: 0, max: 20 }),
  otGroups: fc.integer({ min: 0, max: 6 }),
  edges: fc.array(fc.tuple(fc.nat(60), fc.nat(60), fc.boolean()), { minLength: 10, maxLength: 240 }),
  names: fc.array(fc.constantFrom(...pool), { minLength: 30, maxLength: 30 }),
  subjects: fc.array(fc.uniqueArray(fc.nat(11), { minLength: 1, maxLength: 3 }), { minLength: 32, maxLength: 70 }),
  masks: fc.constantFrom(['it', 'ot'], ['it'], ['ot']),
});

describe('holdings of many subjects', () => {
  it('equal one search per subject: the same chains, counts, bare accounts and zones', () => {
    fc.assert(
      fc.property(arb, ({ accounts, groups, ring, otGroups, edges, names, subjects, masks }) => {
        const itAcc = Array.from({ length: accounts }, (_, i) => `ia${i}`);
        const otAcc = Array.from({ length: accounts }, (_, i) => `oa${i}`);
        const itGrp = Array.from({ length: groups }, (_, g) => `ig${g}`);
        const otGrp = Array.from({ length: otGroups }, (_, g) => `og${g}`);
        const itMembers = itGrp.map(() => new Set<string>());
        const otMembers = otGrp.map(() => new Set<string>());
        for (const [m, g, ofAccount] of edges) {
          // Groups of either source hold accounts and groups of their own source, cycles included.
          if (otGroups > 0 && g % 3 === 0) {
            const pool = ofAccount ? otAcc : [...otAcc, ...otGrp];
            const who = pool[m % pool.length]!;
            if (who !== otGrp[g % otGroups]) otMembers[g % otGroups]!.add(who);
          } else {
            const pool = ofAccount ? itAcc : [...itAcc, ...itGrp];
            const who = pool[m % pool.length]!;
            if (who !== itGrp[g % groups]) itMembers[g % groups]!.add(who);
          }
        }
        // A cycle through up to 20 groups: one component holding many entitlements (counts above the cap of ten).
        const cycle = Math.min(ring, groups - 2);
        for (let k = 0; k < cycle; k++) itMembers[2 + ((k + 1) % cycle)]!.add(itGrp[2 + k]!);
        const sid = (g: number) => `${SID}-${g === 0 ? 513 : g === 1 ? 512 : 3000 + g}`;
        const estate = estateOf(
          source('it', {
            accounts: itAcc.map((id) => user(id)),
            groups: itGrp.map((id, g) =>
              group(id, [...itMembers[g]!], { name: g === 0 ? 'Domain Users' : g === 1 ? 'Domain Admins' : names[g]!, sid: sid(g) }),
            ),
          }),
          source('ot', { accounts: otAcc.map((id) => user(id)), groups: otGrp.map((id, g) => group(id, [...otMembers[g]!])) }),
        );
        const ctx = contextOf(
          estate,
          config({
            zones: [
              { id: 'it', sources: ['it'] },
              { id: 'ot', sources: ['ot'], entitlements: [{ source: 'it', name: 'OT-*' }] },
            ],
          }),
        );
        const ps = ctx.estate.principals;
        const index = (id: string) => {
          for (let i = 0; i < ps.length; i++) if (ps.str(i, 'id') === id && ps.source(i) === (id.startsWith('i') ? 'it' : 'ot')) return i;
          throw new Error(`no ${id}`);
        };
        const all = [...itAcc, ...otAcc];
        const requests: HoldingRequest[] = subjects.map((s, i) => ({
          accounts: s.map((a) => index(all[a % all.length]!)).filter((a, j, list) => list.indexOf(a) === j),
          ...(i % 2 ? { person: { type: 'person' as const, id: `p${i}`, name: `P ${i}` } } : {}),
        }));
        const mask = ctx.zones.mask(masks);
        // Chains are drawn when read: compared as drawn.
        const drawn = (h: Holdings) => ({ ...h, chains: h.chains.draw() });
        const many = holdingsOfMany(ctx, requests, mask).map(drawn);
        const one = requests.map((r) => drawn(holdings(ctx, r.accounts, mask, undefined, r.person)));
        expect(many).toEqual(one);
      }),
      { numRuns: 400 },
    );
  });
});
