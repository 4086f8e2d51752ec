import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AccountNode, ForeignNode, GroupNode } from '../../src/estate/estate.js';
import { Person } from '../../src/model/records.js';
import { ACCOUNT_FIELDS, FOREIGN_FIELDS, GROUP_FIELDS, PERSON_FIELDS, fastAccepts } from '../../src/snapshot/fast-check.js';

describe('snapshot fast pre-check', () => {
  it.each([
    ['account', AccountNode, ACCOUNT_FIELDS],
    ['group', GroupNode, GROUP_FIELDS],
    ['foreign', ForeignNode, FOREIGN_FIELDS],
    ['person', Person.extend({ kind: z.literal('person') }), PERSON_FIELDS],
  ] as const)('covers exactly the fields of the %s schema', (_, schema, fields) => {
    expect(Object.keys(fields).sort()).toEqual(Object.keys(schema.shape).sort());
  });

  const value = fc.oneof(
    fc.string(),
    fc.boolean(),
    fc.integer({ min: -2, max: 600 }),
    fc.constant(null),
    fc.constant('2026-11-25T00:00:00Z'),
    fc.array(fc.nat(5)),
    fc.constant({ a: 'b' }),
  );
  const keys = [...new Set([...Object.keys(ACCOUNT_FIELDS), ...Object.keys(GROUP_FIELDS), ...Object.keys(PERSON_FIELDS), 'extra'])];
  const record = fc
    .record({
      kind: fc.constantFrom('account', 'group', 'foreign', 'person'),
      status: fc.constantFrom('active', 'gone'),
      source: fc.constantFrom('s', ''),
      id: fc.constantFrom('x', ''),
      name: fc.constantFrom('n'),
      type: fc.constantFrom('user', 'robot'),
      enabled: fc.boolean(),
      groupKind: fc.constantFrom('security', 'club'),
      members: fc.array(fc.nat(3)),
      more: fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 3 }),
    })
    .map(({ more, ...r }) => ({ ...r, ...more }));

  it('never accepts a record its schema rejects', () => {
    const schemas = { account: AccountNode, group: GroupNode, foreign: ForeignNode, person: Person.extend({ kind: z.literal('person') }) };
    fc.assert(
      fc.property(record, (r) => {
        if (fastAccepts(r)) expect(schemas[r.kind].safeParse(r).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts ordinary records', () => {
    expect(
      fastAccepts({ kind: 'account', source: 's', id: 'a', type: 'user', name: 'A', enabled: true, expiresAt: null, primaryGroupId: 513 }),
    ).toBe(true);
    expect(fastAccepts({ kind: 'group', source: 's', id: 'g', name: 'G', groupKind: 'security', members: [0, 1] })).toBe(true);
  });
});
