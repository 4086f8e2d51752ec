import { selfReview } from '../../../src/rules/cip/self-review.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, decision, hr, ot, records, SCOPE } from './cip-estates.js';

const reviews = (extra: Record<string, unknown>) => records('reviews', [decision(extra)]);
const options = { scope: SCOPE };

testRuleKind(selfReview, {
  valid: [{ name: 'an independent reviewer', estate: estateOf(hr(), ot(), reviews({})), options, config: cfg }],
  invalid: [
    {
      name: 'the person reviews their own access',
      estate: estateOf(hr(), ot(), reviews({ reviewer: 'E1' })),
      options,
      config: cfg,
      findings: [{ messageId: 'ownAccess', subject: 'P1' }],
    },
    {
      name: 'the reviewer holds the entitlement under review',
      estate: estateOf(hr(), ot(['o1', 'o2']), reviews({})),
      options,
      config: cfg,
      findings: [{ messageId: 'heldByReviewer', subject: 'P1' }],
    },
  ],
});
