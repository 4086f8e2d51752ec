import { accessReview } from '../../../src/rules/cip/access-review.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, decision, hr, ot, records, SCOPE } from './cip-estates.js';

const options = { scope: SCOPE };

testRuleKind(accessReview, {
  valid: [
    {
      name: 'decided 15 months ago to the day: still current',
      estate: estateOf(hr(), ot(), records('reviews', [decision({})])),
      options,
      config: cfg,
    },
    {
      name: '"unsure" is a decision taken',
      estate: estateOf(hr(), ot(), records('reviews', [decision({ decision: 'unsure' })])),
      options,
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'no decision on the entitlement',
      estate: estateOf(hr(), ot(), records('reviews', [decision({ person: 'P2', entitlement: 'OT-Ops' })])),
      options,
      config: cfg,
      findings: [
        { messageId: 'noDecision', subject: 'P1', message: 'Pat holds BCS-HMI (ot) through account o1 with no access review decision' },
      ],
    },
    {
      name: 'the last decision one day too old',
      estate: estateOf(hr(), ot(), records('reviews', [decision({ date: '2025-08-24T10:00:00-05:00' })])),
      options,
      config: cfg,
      findings: [{ messageId: 'overdue', subject: 'P1' }],
    },
  ],
  notEvaluated: [{ name: 'no review records', estate: estateOf(hr(), ot()), options, config: cfg, notEvaluated: /review/ }],
});
