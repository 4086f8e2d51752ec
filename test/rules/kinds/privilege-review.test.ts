import { privilegeReview } from '../../../src/rules/cip/privilege-review.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, hr, ot, records, SCOPE } from './cip-estates.js';

const entry = (extra: Record<string, unknown>) =>
  estateOf(
    hr(),
    ot(),
    records('privileges', [{ source: 'ot', group: 'BCS-HMI', description: 'HMI operator rights on the EMS', ...extra }]),
  );
const options = { scope: SCOPE };

testRuleKind(privilegeReview, {
  valid: [
    { name: 'reviewed exactly 15 calendar months ago', estate: entry({ reviewed: '2025-08-25T16:00:00-05:00' }), options, config: cfg },
  ],
  invalid: [
    {
      name: 'reviewed 15 calendar months and a day ago',
      estate: entry({ reviewed: '2025-08-24T16:00:00-05:00' }),
      options,
      config: cfg,
      findings: [{ messageId: 'overdue', subject: 'BCS-HMI' }],
    },
    {
      name: 'never reviewed',
      estate: entry({}),
      options,
      config: cfg,
      findings: [{ messageId: 'noReviewDate', message: 'BCS-HMI (ot) grants in-scope access: its catalogue entry has no review date' }],
    },
    {
      name: 'no description',
      estate: entry({ description: '', reviewed: '2026-01-01T00:00:00Z' }),
      options,
      config: cfg,
      findings: [{ messageId: 'noDescription' }],
    },
    {
      name: 'not in the catalogue, and the catalogue lists a group nobody holds',
      estate: estateOf(
        hr(),
        ot(),
        records('privileges', [{ source: 'ot', group: 'Gone', description: 'x', reviewed: '2026-01-01T00:00:00Z' }]),
      ),
      options,
      config: cfg,
      findings: [{ messageId: 'notInCatalogue', subject: 'BCS-HMI' }, { messageId: 'unknownGroup' }],
    },
  ],
  notEvaluated: [
    { name: 'no privilege catalogue', estate: estateOf(hr(), ot()), options, config: cfg, notEvaluated: /privilege catalogue/ },
  ],
});
