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
    {
      // CIP-004-7 R4.3 asks the entity to verify access; a person deciding on their own access verifies nothing.
      name: 'the only decision is the person reviewing their own access',
      estate: estateOf(hr(), ot(), records('reviews', [decision({ reviewer: 'E1' })])),
      options,
      config: cfg,
      findings: [
        {
          messageId: 'notIndependent',
          subject: 'P1',
          message:
            'Pat holds BCS-HMI (ot) through account o1, and the only review decisions on it (last 2025-08-25T10:00:00-05:00) were taken by the person reviewed or a holder of the entitlement: it is not verified',
        },
      ],
    },
    {
      name: 'the only decision is by a reviewer who holds the entitlement under review',
      estate: estateOf(hr(), ot(['o1', 'o2']), records('reviews', [decision({})])),
      options,
      config: cfg,
      // Quinn (P2) holds BCS-HMI too and has no decision at all; Pat's decision was Quinn's.
      findings: [
        { messageId: 'notIndependent', subject: 'P1' },
        { messageId: 'noDecision', subject: 'P2' },
      ],
    },
    {
      name: 'a newer self-review does not refresh an overdue independent decision',
      estate: estateOf(
        hr(),
        ot(),
        records('reviews', [
          decision({ campaign: '2025-Q2', date: '2025-08-24T10:00:00-05:00' }),
          decision({ campaign: '2026-Q3', reviewer: 'E1', date: '2026-08-25T10:00:00-05:00' }),
        ]),
      ),
      options,
      config: cfg,
      findings: [{ messageId: 'overdue', subject: 'P1' }],
    },
  ],
  notEvaluated: [{ name: 'no review records', estate: estateOf(hr(), ot()), options, config: cfg, notEvaluated: /review/ }],
});
