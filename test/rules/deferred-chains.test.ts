import { describe, expect, it } from 'vitest';
import type { Chain } from '../../src/model/findings.js';
import { chainsOf, chainsSource, setChains, type ChainDrawing } from '../../src/rules/deferred-chains.js';

const chains: Chain[] = [{ zone: 'it', steps: [{ type: 'account', source: 'it-ad', id: 'a1', name: 'alice' }] }];

/** A drawing that counts its draws. */
const counting = (): ChainDrawing & { draws: number } => {
  const d = {
    draws: 0,
    draw: () => {
      d.draws++;
      return structuredClone(chains);
    },
  };
  return d;
};

const finding = (source: Chain[] | ChainDrawing): Record<string, unknown> => {
  const f: Record<string, unknown> = { ruleId: 'R', zones: ['it'] };
  setChains(f, source);
  f.status = 'open';
  return f;
};

describe('deferred chains', () => {
  it('read as the same array as eager chains: JSON, key order, spread', () => {
    const eager = finding(chains);
    const deferred = finding(counting());
    expect(JSON.stringify(deferred)).toBe(JSON.stringify(eager));
    expect(Object.keys(deferred)).toEqual(['ruleId', 'zones', 'chains', 'status']);
    expect({ ...deferred }).toEqual({ ...eager });
    // The drawing itself is in neither JSON nor spread.
    expect(Object.getOwnPropertySymbols({ ...deferred })).toEqual([]);
  });

  it('are drawn at each read and not before', () => {
    const d = counting();
    const f = finding(d) as { chains: Chain[] };
    expect(d.draws).toBe(0);
    // Copying a finding's chains to another (as the engine does) keeps them deferred.
    const copy = finding(chainsSource(f));
    expect(d.draws).toBe(0);
    expect((copy as { chains: Chain[] }).chains).toEqual(chains);
    expect(f.chains).toEqual(chains);
    expect(d.draws).toBe(2);
  });

  it('eager chains stay the array given', () => {
    const f = finding(chains) as { chains: Chain[] };
    expect(f.chains).toBe(chains);
    expect(chainsSource(f)).toBe(chains);
    expect(chainsOf(chains)).toBe(chains);
    expect(chainsOf(counting())).toEqual(chains);
  });
});
