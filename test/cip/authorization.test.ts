import { describe, expect, it } from 'vitest';
import { authorization } from '../../src/rules/cip/authorization.js';
import { config, contextOf, estateOf, findingsOf, group, person, run, source, user } from '../helpers/estate-builder.js';
import { cipConfig, records, SCOPE } from './cip-builder.js';

const roster = source('hr', {
  persons: [person('P1', { name: 'Pat', employeeId: 'E1', email: 'pat@corp.example' }), person('P2', { name: 'Quinn', employeeId: 'E2' })],
});
const cfg = config(cipConfig());
const auth = (person: string, entitlement: string, extra: Record<string, unknown> = {}) => ({
  person,
  entitlement,
  approver: 'Ops manager',
  date: '2026-01-10T09:00:00-06:00',
  ...extra,
});
const direct = source('ot', { accounts: [user('o1', { employeeId: 'E1' })], groups: [group('BCS-HMI', ['o1'])] });
const nested = source('ot', {
  accounts: [user('o1', { employeeId: 'E1' })],
  groups: [group('OT-Ops', ['o1']), group('BCS-HMI', ['OT-Ops'])],
});
const keys = (f: { subject: { id: string }; key?: string }[]) => f.map((x) => `${x.subject.id} ${x.key}`).sort();

describe('authorization (CIP-004-7 R4.1, R4.2)', () => {
  const cases: { name: string; ot: ReturnType<typeof source>; auths: Record<string, unknown>[]; expected: string[] }[] = [
    { name: 'access with its record', ot: direct, auths: [auth('P1', 'BCS-HMI')], expected: [] },
    {
      name: 'record naming the person by email and the group in other case',
      ot: direct,
      auths: [auth('PAT@corp.example', 'bcs-hmi')],
      expected: [],
    },
    { name: 'record for the nesting group covers the nested in-scope group', ot: nested, auths: [auth('P1', 'OT-Ops')], expected: [] },
    { name: 'access without a record', ot: direct, auths: [], expected: ['P1 unauthorized:ot:BCS-HMI'] },
    {
      name: 'record for a group the access does not pass through',
      ot: nested,
      auths: [auth('P1', 'Other')],
      expected: ['P1 unauthorized:ot:BCS-HMI', 'authorizations:P1||Other unresolved'],
    },
    {
      name: 'record pinned to another source',
      ot: direct,
      auths: [auth('P1', 'BCS-HMI', { source: 'it' })],
      expected: ['P1 unauthorized:ot:BCS-HMI', 'authorizations:P1|it|BCS-HMI unresolved'],
    },
    {
      name: 'record without access (disabled account)',
      ot: source('ot', { accounts: [user('o1', { employeeId: 'E1', enabled: false })], groups: [group('BCS-HMI', ['o1'])] }),
      auths: [auth('P1', 'BCS-HMI')],
      expected: ['P1 unused::bcs-hmi'],
    },
    {
      name: 'record naming a person not in the roster',
      ot: direct,
      auths: [auth('P1', 'BCS-HMI'), auth('Z9', 'BCS-HMI')],
      expected: ['authorizations:Z9||BCS-HMI unresolved'],
    },
    {
      name: 'expired account holds nothing',
      ot: source('ot', {
        accounts: [user('o1', { employeeId: 'E1', expiresAt: '2026-01-01T00:00:00Z' })],
        groups: [group('BCS-HMI', ['o1'])],
      }),
      auths: [],
      expected: [],
    },
    {
      name: 'account attributed to no person',
      ot: source('ot', { accounts: [user('ghost')], groups: [group('BCS-HMI', ['ghost'])] }),
      auths: [],
      expected: ['ghost unauthorized:ot:BCS-HMI'],
    },
  ];
  it.each(cases)('$name', ({ ot, auths, expected }) => {
    expect(keys(findingsOf(authorization, { scope: SCOPE }, estateOf(roster, ot, records('authorizations', auths)), cfg))).toEqual(
      expected,
    );
  });

  it('proves unauthorised access with the membership chain', () => {
    const [f] = findingsOf(authorization, { scope: SCOPE }, estateOf(roster, nested, records('authorizations', [])), cfg);
    expect(f!.chains[0]!.steps.map((s) => s.name)).toEqual(['Pat', 'o1', 'OT-Ops', 'BCS-HMI']);
  });

  it('one person holding the same access through two accounts is one finding with both chains', () => {
    const two = source('ot', {
      accounts: [user('o1', { employeeId: 'E1' }), user('o1-adm', { employeeId: 'E1' })],
      groups: [group('BCS-HMI', ['o1', 'o1-adm'])],
    });
    const f = findingsOf(authorization, { scope: SCOPE }, estateOf(roster, two, records('authorizations', [])), cfg);
    expect(f).toHaveLength(1);
    expect(f[0]!.chains.map((c) => c.steps[1]!.name)).toEqual(['o1', 'o1-adm']);
    expect(f[0]!.message).toBe('Pat holds BCS-HMI (ot) through accounts o1, o1-adm without an authorisation record');
  });

  it('scopes by zone: every group of an OT directory is in scope', () => {
    const ot = source('ot', { accounts: [user('o1', { employeeId: 'E1' })], groups: [group('Operators', ['o1'])] });
    expect(keys(findingsOf(authorization, { scope: { zones: ['ot'] } }, estateOf(roster, ot, records('authorizations', [])), cfg))).toEqual(
      ['P1 unauthorized:ot:Operators'],
    );
    // The same estate scoped to BCS-* groups has none of them: that is a scope selecting nothing, not a pass.
    expect(run(authorization, { scope: SCOPE }, estateOf(roster, ot, records('authorizations', [])), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('selects no group or role'),
    });
  });

  it('reconciles both directions in its population', () => {
    const r = authorization.reconcile(
      contextOf(estateOf(roster, direct, records('authorizations', [auth('P1', 'BCS-HMI'), auth('P2', 'BCS-HMI')])), cfg),
      authorization.options.parse({ scope: SCOPE }),
    );
    if ('notEvaluated' in r) throw new Error(r.notEvaluated);
    expect(r.rows.map((x) => `${x.person} ${x.status}`)).toEqual(['P1 authorized', 'P2 authorized, access not held']);
  });

  it('is not evaluated without authorisation records or a roster', () => {
    expect(run(authorization, { scope: SCOPE }, estateOf(roster, direct), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('no authorisation records'),
    });
    expect(run(authorization, { scope: SCOPE }, estateOf(direct, records('authorizations', [])), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('no HR roster'),
    });
    expect(run(authorization, { scope: { zones: ['dmz'] } }, estateOf(roster, direct, records('authorizations', [])), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('"dmz"'),
    });
    const typo = config(cipConfig({ entitlementSets: { bcs: [{ source: 'ot-ad', name: 'BCS-*' }] } }));
    expect(run(authorization, { scope: SCOPE }, estateOf(roster, direct, records('authorizations', [])), typo)).toMatchObject({
      notEvaluated: expect.stringContaining('entitlement set bcs selects no group or role'),
    });
  });
});
