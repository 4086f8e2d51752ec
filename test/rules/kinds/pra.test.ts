import { pra } from '../../../src/rules/cip/pra.js';
import { estateOf, source, user } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, hr, ot, records, SCOPE } from './cip-estates.js';

const options = { scope: SCOPE };

testRuleKind(pra, {
  valid: [
    {
      name: 'assessed within 7 years',
      estate: estateOf(hr(), ot(), records('pra', [{ person: 'P1', date: '2022-01-01T00:00:00Z' }])),
      options,
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'assessed more than 7 years ago',
      estate: estateOf(hr(), ot(), records('pra', [{ person: 'P1', date: '2019-01-01T00:00:00Z' }])),
      options,
      config: cfg,
      findings: [{ messageId: 'overdue', subject: 'P1' }],
    },
    {
      name: 'an in-scope account attributed to no person',
      estate: estateOf(
        hr(),
        source('ot', {
          accounts: [user('kiosk', { type: 'service' })],
          groups: [{ id: 'BCS-HMI', name: 'BCS-HMI', groupKind: 'security', members: ['kiosk'] }],
        }),
        records('pra', [{ person: 'P1', date: '2022-01-01T00:00:00Z' }]),
      ),
      options,
      config: cfg,
      findings: [
        {
          messageId: 'unattributed',
          subject: 'kiosk',
          message: 'account kiosk holds in-scope access but is attributed to no person: no personnel risk assessment record can cover it',
        },
      ],
    },
  ],
});
