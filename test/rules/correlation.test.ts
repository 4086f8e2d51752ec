import { describe, expect, it } from 'vitest';
import { correlationRule } from '../../src/rules/correlation.js';
import { InputError } from '../../src/util/errors.js';
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
    // A blank cell of an HR export, or an attribute set to white space, names nobody: P3 and P4 below
    // hold only white space, and an account holding only white space is attributed to neither.
    {
      name: 'an account whose keys are only white space',
      accounts: [user('u', { employeeId: '\t', mail: ' ' })],
      expect: ['u:unattributable'],
    },
    { name: 'an account with a blank key and a real one', accounts: [user('u', { employeeId: '  ', mail: 'b@x.example' })], expect: [] },
  ])('$name', ({ accounts, expect: want }) => {
    const cfg = config({ correlation: { nonHuman: { namePatterns: ['svc-*'] } } });
    const blank = source('hr2', { persons: [person('P3', { employeeId: ' ', email: '\u00a0' }), person('P4', { employeeId: ' \t ' })] });
    const found = findingsOf(correlationRule, {}, estateOf(hr, blank, source('it', { accounts })), cfg).map(
      (f) => `${f.subject.id}:${f.key}`,
    );
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

  describe('mappings naming the account as source:name', () => {
    // A sAMAccountName cannot contain ":" (https://learn.microsoft.com/en-us/windows/win32/adschema/a-samaccountname),
    // so "ot:console-7" can only be source ot, account console-7; the same sAMAccountName in two forests
    // needs its source.
    const forests = [
      source('it', { accounts: [user('it-console', { samAccountName: 'console-7' })] }),
      source('ot', { accounts: [user('ot-console', { samAccountName: 'console-7' })] }),
    ];
    const mapFile = (rows: Record<string, unknown>[]) =>
      source('map', {
        mappings: rows.map((r, i) => ({ ...r, record: { source: 'map', row: i + 2 } })),
        source: { kind: 'csv', origin: { file: 'maps.csv' } },
      });
    const personOfAccount = (rows: Record<string, unknown>[], id: string) => {
      const estate = estateOf(hr, ...forests, mapFile(rows));
      const { people } = contextOf(estate);
      const p = people.personOf[estate.principals.toArray().findIndex((x) => x.id === id)]!;
      return p < 0 ? undefined : people.persons.at(p).id;
    };
    it.each([
      { name: 'source:name', rows: [{ account: 'ot:console-7', person: 'P2' }], id: 'ot-console', expected: 'P2' },
      { name: 'source column', rows: [{ source: 'ot', account: 'console-7', person: 'P2' }], id: 'ot-console', expected: 'P2' },
      {
        name: 'source:name leaves the other forest alone',
        rows: [{ account: 'ot:console-7', person: 'P2' }],
        id: 'it-console',
        expected: undefined,
      },
    ])('$name', ({ rows, id, expected }) => {
      expect(personOfAccount(rows, id)).toBe(expected);
    });

    it.each([
      {
        name: 'an account the source lacks',
        rows: [{ account: 'ot:console-9', person: 'P2' }],
        error: 'maps.csv:2: account mapping names account "console-9" which source "ot" does not hold',
      },
      {
        name: 'a name two forests hold, without a source',
        rows: [{ account: 'console-7', person: 'P2' }],
        error: 'maps.csv:2: account mapping names account "console-7" without a source, which fits 2 accounts',
      },
    ])('rejects $name, naming file and line', ({ rows, error }) => {
      let thrown: unknown;
      try {
        personOfAccount(rows, 'ot-console');
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as InputError).render().split('\n')[0]).toBe(error);
    });
  });

  it('without a roster, joins accounts by a shared key but never by a blank one', () => {
    // Persons are derived from the accounts: one per set of accounts sharing a key. Two accounts whose
    // employeeId is only white space share nothing, so they stay two persons.
    const estate = estateOf(
      source('it', { accounts: [user('u1', { employeeId: ' ' }), user('u2', { employeeId: 'E9' })] }),
      source('ot', { accounts: [user('o1', { employeeId: '\t' }), user('o2', { employeeId: ' e9 ' })] }),
    );
    const { people } = contextOf(estate);
    const ids = estate.principals.toArray().map((p) => p.id);
    const personOf = (id: string) => people.persons.at(people.personOf[ids.indexOf(id)]!).id;
    expect(people.fromRoster).toBe(false);
    expect(personOf('u2')).toBe('employee:e9');
    expect(personOf('o2')).toBe('employee:e9');
    expect(personOf('u1')).toBe('account:it:u1');
    expect(personOf('o1')).toBe('account:ot:o1');
  });

  it('is not evaluated for unattributable accounts without a roster', () => {
    const out = correlationRule.evaluate(contextOf(estateOf(source('it', { accounts: [user('u')] }))), correlationRule.options.parse({}));
    expect(out).toEqual({ notEvaluated: expect.stringContaining('no HR roster') });
  });
});
