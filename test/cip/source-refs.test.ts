import { describe, expect, it } from 'vitest';
import { sourceRefReadings } from '../../src/correlate/source-ref.js';
import { authorization } from '../../src/rules/cip/authorization.js';
import { privilegeReview } from '../../src/rules/cip/privilege-review.js';
import { sharedAccounts } from '../../src/rules/cip/shared-accounts.js';
import { config, estateOf, findingsOf, group, person, source, user } from '../helpers/estate-builder.js';
import { cipConfig, records } from './cip-builder.js';

/*
 * Records name a group, role or account either as `source:name` or with a source column. Names may
 * themselves contain ":": an AD group's cn is String(Unicode) with no forbidden characters
 * (https://learn.microsoft.com/en-us/windows/win32/adschema/a-cn), while sAMAccountName may not
 * contain any of " / \ [ ] : ; | = , + * ? < > (https://learn.microsoft.com/en-us/windows/win32/adschema/a-samaccountname).
 * So `BCS:Historian` (a cn) is one name unless "bcs" is a source id, and an account's sAMAccountName
 * never carries a colon of its own.
 */

const cfg = config({
  ...cipConfig({ entitlementSets: { bcs: [{ name: 'BCS*' }] } }),
  zones: [
    { id: 'it', sources: ['it-ad'] },
    { id: 'ot', sources: ['ot-ad'] },
  ],
});
const SCOPE = { entitlements: 'bcs' };
const roster = source('hr', { persons: [person('P1', { name: 'Pat', employeeId: 'E1' })] });
const otAd = source('ot-ad', {
  accounts: [user('o1', { employeeId: 'E1', samAccountName: 'pat.o' }), user('svc-hmi', { type: 'service', samAccountName: 'svc-hmi' })],
  groups: [group('BCS-Engineers', ['o1', 'svc-hmi']), group('BCS:Historian', ['o1'])],
});
// The same forest without the service account, for authorisations (which cover persons only).
const otAdPeople = source('ot-ad', {
  accounts: [user('o1', { employeeId: 'E1', samAccountName: 'pat.o' })],
  groups: [group('BCS-Engineers', ['o1']), group('BCS:Historian', ['o1'])],
});
const itAd = source('it-ad', {
  accounts: [user('i1', { employeeId: 'E1' }), user('svc-hmi-it', { type: 'service', samAccountName: 'svc-hmi' })],
  groups: [group('Staff', ['i1'])],
});
const keys = (f: { subject: { id: string }; key?: string }[]) => f.map((x) => `${x.subject.id} ${x.key}`).sort();

describe('source:name readings', () => {
  const ids = new Set(['ot-ad', 'it-ad']);
  // Expected readings written from the rule above, most likely first.
  const cases: { cell: string; column?: string; expected: { source?: string; name: string }[] }[] = [
    { cell: 'ot-ad:OT-Engineers', expected: [{ source: 'ot-ad', name: 'OT-Engineers' }, { name: 'ot-ad:OT-Engineers' }] },
    { cell: 'OT-AD:OT-Engineers', expected: [{ source: 'ot-ad', name: 'OT-Engineers' }, { name: 'OT-AD:OT-Engineers' }] },
    { cell: 'OT-Engineers', column: 'ot-ad', expected: [{ source: 'ot-ad', name: 'OT-Engineers' }] },
    {
      cell: 'ot-ad:OT-Engineers',
      column: 'ot-ad',
      expected: [
        { source: 'ot-ad', name: 'OT-Engineers' },
        { source: 'ot-ad', name: 'ot-ad:OT-Engineers' },
      ],
    },
    // The column decides: a cn that starts with another source's id is a name in the column's source.
    { cell: 'it-ad:Legacy', column: 'ot-ad', expected: [{ source: 'ot-ad', name: 'it-ad:Legacy' }] },
    // A cn with a colon whose prefix is no source id is one name, in any source.
    { cell: 'BCS:Historian', expected: [{ name: 'BCS:Historian' }] },
    { cell: 'ot-ad:BCS:Historian', expected: [{ source: 'ot-ad', name: 'BCS:Historian' }, { name: 'ot-ad:BCS:Historian' }] },
    // A DN's values may hold a colon too; "CN=A" is no source id.
    { cell: 'CN=SCADA:Ops,OU=OT,DC=ot,DC=example', expected: [{ name: 'CN=SCADA:Ops,OU=OT,DC=ot,DC=example' }] },
    { cell: 'ot-ad:', expected: [{ name: 'ot-ad:' }] },
  ];
  it.each(cases)('$cell (column $column)', ({ cell, column, expected }) => {
    expect(sourceRefReadings(cell, ids, column)).toEqual(expected);
  });
});

describe('authorisations naming entitlements as source:name', () => {
  const auth = (entitlement: string, extra: Record<string, unknown> = {}) => ({
    person: 'P1',
    entitlement,
    approver: 'Ops manager',
    date: '2026-01-10T09:00:00-06:00',
    ...extra,
  });
  const both = (a: Record<string, unknown>) => [a, auth('BCS:Historian')];
  const cases: { name: string; auths: Record<string, unknown>[]; expected: string[] }[] = [
    { name: 'source:name, no source column', auths: both(auth('ot-ad:BCS-Engineers')), expected: [] },
    { name: 'upper-case source prefix', auths: both(auth('OT-AD:bcs-engineers')), expected: [] },
    { name: 'name with a source column', auths: both(auth('BCS-Engineers', { source: 'ot-ad' })), expected: [] },
    { name: 'source:name repeating the source column', auths: both(auth('ot-ad:BCS-Engineers', { source: 'ot-ad' })), expected: [] },
    {
      name: 'a colon inside a group name is not a source',
      auths: [auth('ot-ad:BCS-Engineers'), auth('ot-ad:BCS:Historian')],
      expected: [],
    },
    {
      name: 'the group named in the wrong source',
      auths: both(auth('it-ad:BCS-Engineers')),
      expected: ['P1 unauthorized:ot-ad:BCS-Engineers', 'authorizations:P1||it-ad:BCS-Engineers unresolved'],
    },
    {
      name: 'a group the source lacks',
      auths: both(auth('ot-ad:BCS-Missing')),
      expected: ['P1 unauthorized:ot-ad:BCS-Engineers', 'authorizations:P1||ot-ad:BCS-Missing unresolved'],
    },
    {
      name: 'a prefix that is no source id stays part of the name',
      auths: both(auth('scada:BCS-Engineers')),
      expected: ['P1 unauthorized:ot-ad:BCS-Engineers', 'authorizations:P1||scada:BCS-Engineers unresolved'],
    },
  ];
  it.each(cases)('$name', ({ auths, expected }) => {
    const estate = estateOf(roster, otAdPeople, itAd, records('authorizations', auths));
    expect(keys(findingsOf(authorization, { scope: SCOPE }, estate, cfg))).toEqual(expected);
  });

  it('names the source and group it could not resolve', () => {
    const estate = estateOf(roster, otAdPeople, itAd, records('authorizations', both(auth('ot-ad:BCS-Missing'))));
    const f = findingsOf(authorization, { scope: SCOPE }, estate, cfg).find((x) => x.key === 'unresolved');
    expect(f?.message).toBe(
      'authorisation record (authorizations line 2) names entitlement "BCS-Missing" in ot-ad, which no collected directory holds',
    );
  });
});

describe('privilege catalogue naming groups as source:name', () => {
  const row = (group: string, extra: Record<string, unknown> = {}) => ({
    group,
    description: 'engineering workstation rights',
    reviewed: '2026-06-01T00:00:00-05:00',
    ...extra,
  });
  const cases: { name: string; rows: Record<string, unknown>[]; expected: string[] }[] = [
    { name: 'source:name without a source column', rows: [row('ot-ad:BCS-Engineers'), row('ot-ad:BCS:Historian')], expected: [] },
    { name: 'a source column', rows: [row('BCS-Engineers', { source: 'ot-ad' }), row('BCS:Historian', { source: 'ot-ad' })], expected: [] },
    { name: 'a name alone matches in any source', rows: [row('BCS-Engineers'), row('BCS:Historian')], expected: [] },
    {
      name: 'one group left out',
      rows: [row('ot-ad:BCS-Engineers')],
      expected: ['BCS:Historian not in catalogue'],
    },
    {
      name: 'a group the named source lacks',
      rows: [row('ot-ad:BCS-Engineers'), row('ot-ad:BCS:Historian'), row('ot-ad:BCS-Gone')],
      expected: ['privileges:|ot-ad:BCS-Gone not-in-directory'],
    },
    {
      name: 'a group no source holds',
      rows: [row('ot-ad:BCS-Engineers'), row('ot-ad:BCS:Historian'), row('BCS-Gone')],
      expected: ['privileges:|BCS-Gone not-in-directory'],
    },
  ];
  it.each(cases)('$name', ({ rows, expected }) => {
    expect(keys(findingsOf(privilegeReview, { scope: SCOPE }, estateOf(otAd, itAd, records('privileges', rows)), cfg))).toEqual(expected);
  });

  it('says which source lacks the group', () => {
    const estate = estateOf(
      otAd,
      itAd,
      records('privileges', [row('ot-ad:BCS-Engineers'), row('ot-ad:BCS:Historian'), row('ot-ad:BCS-Gone')]),
    );
    expect(findingsOf(privilegeReview, { scope: SCOPE }, estate, cfg)[0]?.message).toBe(
      'the privilege catalogue (privileges line 4) lists "BCS-Gone" in ot-ad, which that source does not hold',
    );
  });
});

describe('shared-account inventory naming accounts as source:name', () => {
  // svc-hmi is a sAMAccountName in both forests: only the source tells them apart.
  const cases: { name: string; rows: Record<string, unknown>[]; expected: string[] }[] = [
    { name: 'source:name without a source column', rows: [{ account: 'ot-ad:svc-hmi', individuals: ['P1'] }], expected: [] },
    { name: 'a source column', rows: [{ source: 'ot-ad', account: 'svc-hmi', individuals: ['P1'] }], expected: [] },
    {
      name: 'a name two sources hold, with no source',
      rows: [{ account: 'svc-hmi', individuals: ['P1'] }],
      expected: ['shared-accounts:|svc-hmi ambiguous account', 'svc-hmi not-inventoried'],
    },
    {
      name: 'the account in the other forest',
      rows: [{ account: 'it-ad:svc-hmi', individuals: ['P1'] }],
      expected: ['svc-hmi not-inventoried'],
    },
    {
      name: 'an account the source lacks',
      rows: [
        { account: 'ot-ad:svc-hmi', individuals: ['P1'] },
        { account: 'ot-ad:svc-gone', individuals: ['P1'] },
      ],
      expected: ['shared-accounts:|ot-ad:svc-gone not in directory'],
    },
  ];
  it.each(cases)('$name', ({ rows, expected }) => {
    const estate = estateOf(roster, otAd, itAd, records('shared-accounts', rows));
    expect(keys(findingsOf(sharedAccounts, { scope: SCOPE }, estate, cfg))).toEqual(expected);
  });
});
