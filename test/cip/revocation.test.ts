import { describe, expect, it } from 'vitest';
import type { RuleKind } from '../../src/rules/rule-kind.js';
import { sharedPasswords } from '../../src/rules/cip/shared-passwords.js';
import { terminationAccess } from '../../src/rules/cip/termination-access.js';
import { terminationAccounts } from '../../src/rules/cip/termination-accounts.js';
import { transferAccess } from '../../src/rules/cip/transfer-access.js';
import { config, estateOf, findingsOf, group, person, run, source, user } from '../helpers/estate-builder.js';
import { cipConfig, records, SCOPE } from './cip-builder.js';

// NOW is 2026-11-25T12:00:00Z (06:00 in Chicago).
const cfg = config(cipConfig());
const hr = (extra: Record<string, unknown>) => source('hr', { persons: [person('P1', { name: 'Pat', employeeId: 'E1', ...extra })] });
const ot = (account: Record<string, unknown> = {}, members = ['o1']) =>
  source('ot', {
    accounts: [user('o1', { employeeId: 'E1', ...account }), user('svc-hmi', { type: 'service' })],
    groups: [group('BCS-HMI', members)],
  });
// One rule kind per CIP-004-7 R5 part, named here by the check it makes.
const kinds: Record<string, RuleKind> = {
  'termination-access': terminationAccess,
  transfer: transferAccess,
  'termination-accounts': terminationAccounts,
  'shared-passwords': sharedPasswords,
};
const keys = (f: { key?: string }[]) => f.map((x) => x.key).sort();
const check = (c: string, ...sources: ReturnType<typeof source>[]) =>
  keys(findingsOf(kinds[c]!, { scope: SCOPE }, estateOf(...sources), cfg));

describe('revocation R5.1: access removed within 24 hours of a termination', () => {
  const cases: { name: string; person: Record<string, unknown>; account?: Record<string, unknown>; expected: string[] }[] = [
    {
      name: 'terminated 23h59 before the run, access still held',
      person: { status: 'terminated', terminatedAt: '2026-11-24T12:01:00Z' },
      expected: [],
    },
    {
      name: 'terminated 24h01 before the run, access still held',
      person: { status: 'terminated', terminatedAt: '2026-11-24T11:59:00Z' },
      expected: ['access:ot:o1:BCS-HMI'],
    },
    {
      name: 'terminated long ago, account disabled',
      person: { status: 'terminated', terminatedAt: '2026-10-01T12:00:00Z' },
      account: { enabled: false },
      expected: [],
    },
    {
      name: 'disabled now, but logged on after the deadline',
      person: { status: 'terminated', terminatedAt: '2026-10-01T12:00:00Z' },
      account: { enabled: false, lastLogonAt: '2026-10-02T12:01:00Z' },
      expected: ['logon:ot:o1'],
    },
    {
      name: 'logged on within the 24 hours',
      person: { status: 'terminated', terminatedAt: '2026-10-01T12:00:00Z' },
      account: { enabled: false, lastLogonAt: '2026-10-02T11:59:00Z' },
      expected: [],
    },
    { name: 'terminated with no time recorded', person: { status: 'terminated' }, expected: ['access:ot:o1:BCS-HMI'] },
    { name: 'termination scheduled after the run', person: { status: 'active', terminatedAt: '2026-11-30T17:00:00Z' }, expected: [] },
    { name: 'active person', person: {}, expected: [] },
  ];
  it.each(cases)('$name', ({ person: p, account, expected }) => {
    expect(check('termination-access', hr(p), ot(account))).toEqual(expected);
  });
});

describe('revocation R5.3: accounts revoked within 30 calendar days', () => {
  const cases: { name: string; terminatedAt: string; account?: Record<string, unknown>; members?: string[]; expected: string[] }[] = [
    { name: 'day 30 is today (Chicago)', terminatedAt: '2026-10-26T22:00:00-05:00', expected: [] },
    { name: 'day 30 was yesterday', terminatedAt: '2026-10-25T10:00:00-05:00', expected: ['account:ot:o1'] },
    {
      name: 'the account holds no membership but lives in an in-scope directory',
      terminatedAt: '2026-10-25T10:00:00-05:00',
      members: [],
      expected: ['account:ot:o1'],
    },
    { name: 'account disabled', terminatedAt: '2026-10-01T10:00:00-05:00', account: { enabled: false }, expected: [] },
    { name: 'account expired', terminatedAt: '2026-10-01T10:00:00-05:00', account: { expiresAt: '2026-10-02T00:00:00Z' }, expected: [] },
  ];
  it.each(cases)('$name', ({ terminatedAt, account, members, expected }) => {
    expect(check('termination-accounts', hr({ status: 'terminated', terminatedAt }), ot(account, members))).toEqual(expected);
  });
});

describe('revocation R5.2: access removed by the end of the next calendar day after a transfer', () => {
  const auth = (date: string) => records('authorizations', [{ person: 'P1', entitlement: 'BCS-HMI', approver: 'Ops', date }]);
  const cases: { name: string; transferredAt: string; authDate: string; expected: string[] }[] = [
    {
      name: 'transferred yesterday afternoon: deadline is the end of today',
      transferredAt: '2026-11-24T15:00:00-06:00',
      authDate: '2025-01-01T00:00:00Z',
      expected: [],
    },
    {
      name: 'transferred two days ago: the deadline passed',
      transferredAt: '2026-11-23T15:00:00-06:00',
      authDate: '2025-01-01T00:00:00Z',
      expected: ['transfer:ot:BCS-HMI'],
    },
    {
      name: 'transferred 23:30 local on the 23rd (the 24th in UTC): deadline passed',
      transferredAt: '2026-11-24T05:30:00Z',
      authDate: '2025-01-01T00:00:00Z',
      expected: ['transfer:ot:BCS-HMI'],
    },
    {
      name: 're-authorised after the transfer',
      transferredAt: '2026-11-01T09:00:00-05:00',
      authDate: '2026-11-02T09:00:00-06:00',
      expected: [],
    },
  ];
  it.each(cases)('$name', ({ transferredAt, authDate, expected }) => {
    expect(check('transfer', hr({ transferredAt }), ot(), auth(authDate))).toEqual(expected);
  });

  it('is not evaluated without authorisation records', () => {
    expect(run(kinds['transfer']!, { scope: SCOPE }, estateOf(hr({ transferredAt: '2026-11-01T00:00:00Z' }), ot()), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('no authorisation records'),
    });
  });
});

describe('revocation R5.4: shared-account passwords changed within 30 calendar days', () => {
  const inventory = records('shared-accounts', [{ source: 'ot', account: 'svc-hmi', individuals: ['P1'] }]);
  const otWith = (svc: Record<string, unknown>) =>
    source('ot', {
      accounts: [user('o1', { employeeId: 'E1', enabled: false }), user('svc-hmi', { type: 'service', ...svc })],
      groups: [group('BCS-HMI', ['svc-hmi'])],
    });
  const terminated = hr({ status: 'terminated', terminatedAt: '2026-10-20T12:00:00-05:00' });
  const cases: { name: string; person?: ReturnType<typeof source>; svc: Record<string, unknown>; expected: string[] }[] = [
    { name: 'password last set before the termination', svc: { passwordLastSetAt: '2026-10-01T00:00:00Z' }, expected: ['after:P1'] },
    { name: 'password changed after the termination', svc: { passwordLastSetAt: '2026-10-22T00:00:00Z' }, expected: [] },
    { name: 'the directory shows no password-last-set time', svc: {}, expected: ['after:P1'] },
    {
      name: 'still within 30 days',
      person: hr({ status: 'terminated', terminatedAt: '2026-11-10T12:00:00-06:00' }),
      svc: { passwordLastSetAt: '2026-10-01T00:00:00Z' },
      expected: [],
    },
    { name: 'shared account disabled', svc: { enabled: false, passwordLastSetAt: '2026-10-01T00:00:00Z' }, expected: [] },
  ];
  it.each(cases)('$name', ({ person: p, svc, expected }) => {
    expect(check('shared-passwords', p ?? terminated, otWith(svc), inventory)).toEqual(expected);
  });

  it('is not evaluated without the shared-account inventory or the roster', () => {
    expect(run(kinds['shared-passwords']!, { scope: SCOPE }, estateOf(terminated, otWith({})), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('shared-account inventory'),
    });
    expect(run(kinds['termination-access']!, { scope: SCOPE }, estateOf(otWith({})), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('no HR roster'),
    });
  });
});

describe('revocation deadlines across daylight-saving changes (America/Chicago)', () => {
  const at = (c: string, now: string, ...sources: ReturnType<typeof source>[]) =>
    keys(findingsOf(kinds[c]!, { scope: SCOPE }, estateOf(...sources), cfg, new Date(now)));

  it('R5.1 counts elapsed hours: 23h01 on the wall clock after a fall-back change is 24h01', () => {
    const terminated = hr({ status: 'terminated', terminatedAt: '2026-10-31T12:00:00-05:00' }); // 17:00 UTC, CDT
    expect(at('termination-access', '2026-11-01T10:59:00-06:00', terminated, ot())).toEqual([]); // 22h59 on the wall clock, 23h59 elapsed
    expect(at('termination-access', '2026-11-01T11:01:00-06:00', terminated, ot())).toEqual(['access:ot:o1:BCS-HMI']); // 23h01 on the wall clock, 24h01 elapsed
  });

  it('R5.2 ends at local midnight after the next calendar day, on the spring-forward day too', () => {
    const auth = records('authorizations', [{ person: 'P1', entitlement: 'BCS-HMI', approver: 'Ops', date: '2025-01-01T00:00:00Z' }]);
    const moved = hr({ transferredAt: '2026-03-07T23:30:00-06:00' }); // next calendar day is 8 March, 23 hours long
    expect(at('transfer', '2026-03-09T04:59:00Z', moved, ot(), auth)).toEqual([]); // 23:59 CDT on 8 March
    expect(at('transfer', '2026-03-09T05:00:00Z', moved, ot(), auth)).toEqual(['transfer:ot:BCS-HMI']); // 00:00 CDT on 9 March
  });
});
