import { describe, expect, it } from 'vitest';
import { correlationRule } from '../../src/rules/correlation.js';
import { config, contextOf, estateOf, findingsOf, person, source, user } from '../helpers/estate-builder.js';

const hr = source('hr', {
  persons: [person('P1', { employeeId: 'E1', email: 'a@x.example' }), person('P2', { employeeId: 'E2', email: 'b@x.example' })],
});

describe('correlation', () => {
  it.each([
    { name: 'an account matching one person by employeeId', accounts: [user('u', { employeeId: 'e1' })], expect: [] },
    {
      name: 'an account matching one person by mail and employeeId',
      accounts: [user('u', { employeeId: 'E1', mail: 'A@X.example' })],
      expect: [],
    },
    { name: 'an account matching two persons', accounts: [user('u', { employeeId: 'E1', mail: 'b@x.example' })], expect: ['u:ambiguous'] },
    { name: 'an enabled human account matching nobody', accounts: [user('u', { mail: 'c@x.example' })], expect: ['u:unattributable'] },
    { name: 'a disabled account matching nobody', accounts: [user('u', { enabled: false })], expect: [] },
    { name: 'a service account matching nobody', accounts: [user('u', { type: 'service' })], expect: [] },
    { name: 'an account named like a service account', accounts: [user('svc-x', { name: 'svc-x' })], expect: [] },
  ])('$name', ({ accounts, expect: want }) => {
    const cfg = config({ correlation: { nonHuman: { namePatterns: ['svc-*'] } } });
    const found = findingsOf(correlationRule, {}, estateOf(hr, source('it', { accounts })), cfg).map((f) => `${f.subject.id}:${f.key}`);
    expect(found).toEqual(want);
  });

  it('attributes through an explicit mapping instead of keys', () => {
    const estate = estateOf(
      hr,
      source('it', { accounts: [user('console-7', { samAccountName: 'console-7' })] }),
      source('map', { mappings: [{ source: 'it', account: 'CONSOLE-7', person: 'p2' }] }),
    );
    expect(findingsOf(correlationRule, {}, estate)).toEqual([]);
    const { people } = contextOf(estate);
    const idx = estate.principals.toArray().findIndex((p) => p.id === 'console-7');
    expect(people.persons.at(people.personOf[idx]!).id).toBe('P2');
  });

  it('is not evaluated for unattributable accounts without a roster', () => {
    const out = correlationRule.evaluate(contextOf(estateOf(source('it', { accounts: [user('u')] }))), correlationRule.options.parse({}));
    expect(out).toEqual({ notEvaluated: expect.stringContaining('no HR roster') });
  });
});
