import { terminationAccounts } from '../../../src/rules/cip/termination-accounts.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, hr, ot, SCOPE } from './cip-estates.js';

const options = { scope: SCOPE };

testRuleKind(terminationAccounts, {
  valid: [
    {
      name: 'terminated this week: within 30 days',
      estate: estateOf(hr({ status: 'terminated', terminatedAt: '2026-11-20T12:00:00Z' }), ot()),
      options,
      config: cfg,
    },
    {
      name: 'terminated long ago, account disabled',
      estate: estateOf(hr({ status: 'terminated', terminatedAt: '2026-01-01T12:00:00Z' }), ot(['o1'], { enabled: false })),
      options,
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'terminated two months ago, account still enabled',
      estate: estateOf(hr({ status: 'terminated', terminatedAt: '2026-09-01T12:00:00-05:00' }), ot()),
      options,
      config: cfg,
      findings: [{ messageId: 'stillEnabled', subject: 'P1' }],
    },
    {
      name: 'terminated with no time recorded',
      estate: estateOf(hr({ status: 'terminated' }), ot()),
      options,
      config: cfg,
      findings: [
        { messageId: 'stillEnabled', subject: 'P1', message: 'account o1 (ot) of Pat, terminated (time not recorded), is still enabled' },
      ],
    },
  ],
});
