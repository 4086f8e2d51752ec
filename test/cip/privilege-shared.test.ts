import { describe, expect, it } from 'vitest';
import { privilegeReview } from '../../src/rules/cip/privilege-review.js';
import { sharedAccounts } from '../../src/rules/cip/shared-accounts.js';
import { config, estateOf, findingsOf, group, person, run, source, user } from '../helpers/estate-builder.js';
import { cipConfig, records, SCOPE } from './cip-builder.js';

const cfg = config(cipConfig());
const roster = source('hr', {
  persons: [person('P1', { name: 'Pat', employeeId: 'E1' }), person('P2', { name: 'Quinn', employeeId: 'E2', status: 'terminated' })],
});
const ot = source('ot', {
  accounts: [
    user('o1', { employeeId: 'E1' }),
    user('svc-hmi', { type: 'service' }),
    user('shared-eng'),
    user('svc-old', { type: 'service', enabled: false }),
  ],
  groups: [group('BCS-HMI', ['o1', 'svc-hmi', 'shared-eng']), group('Staff', ['o1'])],
});
const keys = (f: { subject: { id: string }; key?: string }[]) => f.map((x) => `${x.subject.id} ${x.key}`).sort();

describe('privilege-review (CIP-004-7 R4.3)', () => {
  const entry = (extra: Record<string, unknown>) =>
    records('privileges', [{ source: 'ot', group: 'BCS-HMI', description: 'HMI operator rights on the EMS', ...extra }]);
  const cases: { name: string; catalogue: ReturnType<typeof source>; expected: string[] }[] = [
    { name: 'reviewed exactly 15 calendar months ago', catalogue: entry({ reviewed: '2025-08-25T16:00:00-05:00' }), expected: [] },
    {
      name: 'reviewed 15 calendar months and a day ago',
      catalogue: entry({ reviewed: '2025-08-24T16:00:00-05:00' }),
      expected: ['BCS-HMI review overdue'],
    },
    { name: 'reviewed on 31 August, due 30 November', catalogue: entry({ reviewed: '2025-08-31T16:00:00-05:00' }), expected: [] },
    { name: 'never reviewed', catalogue: entry({}), expected: ['BCS-HMI never reviewed'] },
    {
      name: 'no description',
      catalogue: entry({ description: undefined, reviewed: '2026-01-01T00:00:00Z' }),
      expected: ['BCS-HMI no description'],
    },
    {
      name: 'not catalogued',
      catalogue: records('privileges', [{ source: 'ot', group: 'Staff', description: 'x', reviewed: '2026-01-01T00:00:00Z' }]),
      expected: ['BCS-HMI not in catalogue'],
    },
    {
      name: 'catalogue lists a group the directory lacks',
      catalogue: records('privileges', [
        { source: 'ot', group: 'BCS-HMI', description: 'x', reviewed: '2026-01-01T00:00:00Z' },
        { source: 'ot', group: 'BCS-Gone', description: 'x', reviewed: '2026-01-01T00:00:00Z' },
      ]),
      expected: ['privileges:ot|BCS-Gone not-in-directory'],
    },
  ];
  it.each(cases)('$name', ({ catalogue, expected }) => {
    expect(keys(findingsOf(privilegeReview, { scope: SCOPE }, estateOf(ot, catalogue), cfg))).toEqual(expected);
  });

  it('is not evaluated without a catalogue', () => {
    expect(run(privilegeReview, { scope: SCOPE }, estateOf(ot), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('privilege catalogue'),
    });
  });
});

describe('shared-accounts (CIP-007-6 R5.2, R5.3)', () => {
  const inv = (...rows: Record<string, unknown>[]) => records('shared-accounts', rows);
  const full = [
    { source: 'ot', account: 'svc-hmi', individuals: ['P1'] },
    { source: 'ot', account: 'shared-eng', individuals: ['E1'] },
  ];
  const cases: { name: string; inventory: ReturnType<typeof source>; options?: Record<string, unknown>; expected: string[] }[] = [
    {
      name: 'every shared account inventoried with known individuals',
      inventory: inv(...full),
      options: { namePatterns: ['shared-*'] },
      expected: [],
    },
    { name: 'a service account missing from the inventory', inventory: inv(full[1]!), expected: ['svc-hmi not-inventoried'] },
    {
      name: 'a generic account matched by name pattern, missing',
      inventory: inv(full[0]!),
      options: { namePatterns: ['shared-*'] },
      expected: ['shared-eng not-inventoried'],
    },
    {
      name: 'an entry naming nobody',
      inventory: inv({ source: 'ot', account: 'svc-hmi', individuals: [] }),
      expected: ['svc-hmi no individuals'],
    },
    {
      name: 'an entry naming a terminated individual',
      inventory: inv({ source: 'ot', account: 'svc-hmi', individuals: ['P1', 'P2'] }),
      expected: ['svc-hmi terminated individuals'],
    },
    {
      name: 'an entry naming someone not in the roster',
      inventory: inv({ source: 'ot', account: 'svc-hmi', individuals: ['X7'] }),
      expected: ['svc-hmi unknown individuals'],
    },
    {
      name: 'an entry for an account the directory lacks',
      inventory: inv(full[0]!, { source: 'ot', account: 'svc-gone', individuals: ['P1'] }),
      expected: ['shared-accounts:ot|svc-gone not in directory'],
    },
    {
      name: 'an entry for a source not collected',
      inventory: inv(full[0]!, { source: 'dmz', account: 'svc-x', individuals: ['P1'] }),
      expected: ['shared-accounts:dmz|svc-x source not collected'],
    },
  ];
  it.each(cases)('$name', ({ inventory, options, expected }) => {
    expect(keys(findingsOf(sharedAccounts, { scope: SCOPE, ...options }, estateOf(roster, ot, inventory), cfg))).toEqual(expected);
  });

  it('uses the correlation name patterns for generic accounts', () => {
    const c = config(cipConfig({ correlation: { nonHuman: { namePatterns: ['shared-*'] } } }));
    expect(keys(findingsOf(sharedAccounts, { scope: SCOPE }, estateOf(roster, ot, inv(full[0]!)), c))).toEqual([
      'shared-eng not-inventoried',
    ]);
  });

  it('is not evaluated without the inventory', () => {
    expect(run(sharedAccounts, { scope: SCOPE }, estateOf(roster, ot), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('shared-account inventory'),
    });
  });
});
