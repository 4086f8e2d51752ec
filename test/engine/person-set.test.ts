import { describe, expect, it } from 'vitest';
import { PersonSet } from '../../src/engine/person-set.js';

describe('PersonSet', () => {
  it('holds the persons a predicate accepts, iterated in ascending order', () => {
    const s = PersonSet.where(10, (p) => p % 3 === 0);
    expect([...s]).toEqual([0, 3, 6, 9]);
    expect(s.size).toBe(4);
    expect(s.has(3)).toBe(true);
    expect(s.has(4)).toBe(false);
    expect(s.has(10)).toBe(false); // beyond the roster
  });

  it('all: every person of the roster; an empty roster is an empty set', () => {
    expect([...PersonSet.all(4)]).toEqual([0, 1, 2, 3]);
    expect(PersonSet.all(4).has(3)).toBe(true);
    expect(PersonSet.all(0).size).toBe(0);
    expect([...PersonSet.where(3, () => false)]).toEqual([]);
  });

  it('can be iterated more than once', () => {
    const s = PersonSet.where(5, (p) => p > 2);
    expect([...s]).toEqual([3, 4]);
    expect([...s]).toEqual([3, 4]);
  });
});
