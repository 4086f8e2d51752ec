import { reviewRevocation } from '../../../src/rules/cip/review-revocation.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, decision, hr, ot, records, SCOPE } from './cip-estates.js';

const revoke = (date: string) => records('reviews', [decision({ decision: 'revoke', date })]);
const options = { scope: SCOPE };

testRuleKind(reviewRevocation, {
  valid: [
    {
      name: 'still held 30 days after the decision',
      estate: estateOf(hr(), ot(), revoke('2026-10-26T10:00:00-05:00')),
      options,
      config: cfg,
    },
    { name: 'removed after the decision', estate: estateOf(hr(), ot(['o2']), revoke('2026-10-01T10:00:00-05:00')), options, config: cfg },
  ],
  invalid: [
    {
      name: 'still held 31 days after the decision',
      estate: estateOf(hr(), ot(), revoke('2026-10-25T10:00:00-05:00')),
      options,
      config: cfg,
      findings: [
        {
          messageId: 'notRevoked',
          subject: 'P1',
          message:
            'P2 decided on 2026-10-25T10:00:00-05:00 to revoke BCS-HMI (ot) from Pat; account o1 still holds it after the 30-day deadline (2026-11-24)',
        },
      ],
    },
  ],
});
