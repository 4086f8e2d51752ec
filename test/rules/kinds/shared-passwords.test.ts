import { sharedPasswords } from '../../../src/rules/cip/shared-passwords.js';
import { estateOf, group, source, user } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, hr, records, SCOPE } from './cip-estates.js';

const inventory = records('shared-accounts', [{ source: 'ot', account: 'svc-hmi', individuals: ['P1'] }]);
const otWith = (svc: Record<string, unknown>) =>
  source('ot', {
    accounts: [user('o1', { employeeId: 'E1', enabled: false }), user('svc-hmi', { type: 'service', ...svc })],
    groups: [group('BCS-HMI', ['svc-hmi'])],
  });
const terminated = hr({ status: 'terminated', terminatedAt: '2026-10-20T12:00:00-05:00' });
const options = { scope: SCOPE };

testRuleKind(sharedPasswords, {
  valid: [
    {
      name: 'password changed after the termination',
      estate: estateOf(terminated, otWith({ passwordLastSetAt: '2026-10-22T00:00:00Z' }), inventory),
      options,
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'password last set before the termination',
      estate: estateOf(terminated, otWith({ passwordLastSetAt: '2026-10-01T00:00:00Z' }), inventory),
      options,
      config: cfg,
      findings: [{ messageId: 'notChanged', subject: 'svc-hmi' }],
    },
    {
      name: 'the directory shows no password-last-set time',
      estate: estateOf(terminated, otWith({}), inventory),
      options,
      config: cfg,
      findings: [
        {
          messageId: 'unknown',
          message:
            "the directory does not show when the password of shared account svc-hmi was last set: its change after Pat's termination cannot be shown",
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'no shared-account inventory',
      estate: estateOf(terminated, otWith({})),
      options,
      config: cfg,
      notEvaluated: /shared-account inventory/,
    },
  ],
});
