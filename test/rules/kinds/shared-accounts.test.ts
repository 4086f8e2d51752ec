import { sharedAccounts } from '../../../src/rules/cip/shared-accounts.js';
import { estateOf, group, person, source, user } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, records, SCOPE } from './cip-estates.js';

const roster = source('hr', {
  persons: [person('P1', { name: 'Pat', employeeId: 'E1' }), person('P2', { name: 'Quinn', employeeId: 'E2', status: 'terminated' })],
});
const ot = source('ot', {
  accounts: [user('o1', { employeeId: 'E1' }), user('svc-hmi', { type: 'service' })],
  groups: [group('BCS-HMI', ['o1', 'svc-hmi'])],
});
const inv = (...rows: Record<string, unknown>[]) => estateOf(roster, ot, records('shared-accounts', rows));
const options = { scope: SCOPE };

testRuleKind(sharedAccounts, {
  valid: [
    {
      name: 'the service account inventoried with a known individual',
      estate: inv({ source: 'ot', account: 'svc-hmi', individuals: ['P1'] }),
      options,
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'a service account missing from the inventory',
      estate: inv({ source: 'ot', account: 'o1', individuals: ['P1'] }),
      options,
      config: cfg,
      findings: [
        {
          messageId: 'notInventoried',
          subject: 'svc-hmi',
          message: 'shared or generic account svc-hmi (ot) is enabled on in-scope systems but not in the shared-account inventory',
        },
      ],
    },
    {
      name: 'an entry naming nobody',
      estate: inv({ source: 'ot', account: 'svc-hmi', individuals: [] }),
      options,
      config: cfg,
      findings: [{ messageId: 'noIndividuals' }],
    },
    {
      name: 'an entry naming a terminated individual',
      estate: inv({ source: 'ot', account: 'svc-hmi', individuals: ['P1', 'P2'] }),
      options,
      config: cfg,
      findings: [{ messageId: 'terminatedIndividuals' }],
    },
    {
      name: 'an entry naming someone not in the roster',
      estate: inv({ source: 'ot', account: 'svc-hmi', individuals: ['X7'] }),
      options,
      config: cfg,
      findings: [
        {
          messageId: 'unknownIndividuals',
          message: 'shared account svc-hmi (shared-accounts line 2) names X7, not in the roster (or matching two persons)',
        },
      ],
    },
    {
      name: 'an entry for an account the directory lacks',
      estate: inv({ source: 'ot', account: 'svc-hmi', individuals: ['P1'] }, { source: 'ot', account: 'svc-gone', individuals: ['P1'] }),
      options,
      config: cfg,
      findings: [{ messageId: 'notInDirectory' }],
    },
  ],
});
