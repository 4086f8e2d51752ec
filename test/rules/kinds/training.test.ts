import { training } from '../../../src/rules/cip/training.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, hr, ot, records, SCOPE } from './cip-estates.js';

const options = { scope: SCOPE };
const done = (person: string, completed: string) => ({ person, course: 'CIP', completed });

testRuleKind(training, {
  valid: [
    {
      name: 'trained this year',
      estate: estateOf(hr(), ot(), records('training', [done('P1', '2026-02-01T09:00:00-06:00')])),
      options,
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'no training record',
      estate: estateOf(hr(), ot(), records('training', [done('P2', '2026-02-01T09:00:00-06:00')])),
      options,
      config: cfg,
      findings: [{ messageId: 'missing', subject: 'P1', message: 'Pat holds in-scope access with no training record' }],
    },
    {
      name: 'trained more than 15 calendar months ago',
      estate: estateOf(hr(), ot(), records('training', [done('P1', '2025-01-01T09:00:00-06:00')])),
      options,
      config: cfg,
      findings: [
        {
          messageId: 'overdue',
          subject: 'P1',
          message: 'Pat holds in-scope access but the last training (2025-01-01) was due again by 2026-04-01',
        },
      ],
    },
    {
      name: 'a record naming nobody in the roster',
      estate: estateOf(
        hr(),
        ot(['o2']),
        records('training', [done('P9', '2026-02-01T09:00:00-06:00'), done('P2', '2026-02-01T09:00:00-06:00')]),
      ),
      options,
      config: cfg,
      findings: [{ messageId: 'unknownPerson' }],
    },
  ],
  notEvaluated: [{ name: 'no training records', estate: estateOf(hr(), ot()), options, config: cfg, notEvaluated: /no training records/ }],
});
