import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameJson } from '../../src/util/same-json.js';

// `demarc verify` compares each re-evaluated finding with the stored one as JSON with members in any
// order. sameJson must say what comparing JSON.stringify with keys sorted at every level says (ECMA-262
// SerializeJSONProperty: toJSON first, non-finite numbers as null, undefined, functions and symbols left
// out of objects and written as null in arrays), without building the strings. Boxed primitives are left
// out of the values: the sorting replacer turns them into {} before JSON.stringify would unbox them, and
// no finding holds one.
const canonical = (v: unknown): string | undefined =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );

/** The same value with the members of every object in another order. */
function reordered(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => reordered(x, seed + i));
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return v;
  const entries = Object.entries(v);
  const k = entries.length ? seed % entries.length : 0;
  return Object.fromEntries([...entries.slice(k), ...entries.slice(0, k)].reverse().map(([key, x]) => [key, reordered(x, seed * 31 + 7)]));
}

const values = fc.anything({
  maxDepth: 3,
  withDate: true,
  withMap: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  withNullPrototype: true,
  values: [fc.constant(undefined), fc.constant(Number.NaN), fc.constant(-0), fc.constant(Infinity), fc.string(), fc.integer()],
});

describe('sameJson', () => {
  it('agrees with comparing sorted-key JSON on any two values', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        expect(sameJson(a, b)).toBe(canonical(a) === canonical(b));
      }),
      { numRuns: 3000 },
    );
  });

  it('holds a value equal to itself with its members reordered, and to nothing one member away', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), values, { maxKeys: 6 }), fc.nat(), fc.string(), (o, seed, k) => {
        expect(sameJson(o, reordered(o, seed))).toBe(true);
        const changed = { ...o, [k]: { changed: true } };
        expect(sameJson(o, changed)).toBe(canonical(o) === canonical(changed));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells the differences a finding can have', () => {
    const f = { ruleId: 'r', subject: { id: 'a', type: 'person' }, chains: [[{ from: 'a', to: 'g' }]], at: new Date(0) };
    expect(
      sameJson(f, {
        at: '1970-01-01T00:00:00.000Z',
        chains: [[{ to: 'g', from: 'a' }]],
        subject: { type: 'person', id: 'a' },
        ruleId: 'r',
      }),
    ).toBe(true);
    expect(sameJson(f, { ...f, chains: [[{ from: 'a', to: 'h' }]] })).toBe(false);
    expect(sameJson(f, { ...f, extra: 1 })).toBe(false);
    expect(sameJson(f, { ...f, extra: undefined })).toBe(true);
    expect(sameJson([1, undefined], [1, null])).toBe(true);
    expect(sameJson({ a: Number.NaN }, { a: null })).toBe(true);
  });
});
