import { transferAccess } from '../../../src/rules/cip/transfer-access.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, hr, ot, records, SCOPE } from './cip-estates.js';

const auth = (date: string) => records('authorizations', [{ person: 'P1', entitlement: 'BCS-HMI', approver: 'Ops', date }]);
const options = { scope: SCOPE };

testRuleKind(transferAccess, {
  valid: [
    {
      name: 'transferred yesterday afternoon: the deadline is the end of today',
      estate: estateOf(hr({ transferredAt: '2026-11-24T15:00:00-06:00' }), ot(), auth('2025-01-01T00:00:00Z')),
      options,
      config: cfg,
    },
    {
      name: 're-authorised after the transfer',
      estate: estateOf(hr({ transferredAt: '2026-11-01T09:00:00-05:00' }), ot(), auth('2026-11-02T09:00:00-06:00')),
      options,
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'transferred two days ago, access not re-authorised',
      estate: estateOf(hr({ transferredAt: '2026-11-23T15:00:00-06:00' }), ot(), auth('2025-01-01T00:00:00Z')),
      options,
      config: cfg,
      findings: [
        {
          messageId: 'notRemoved',
          subject: 'P1',
          message:
            'Pat was transferred 2026-11-23T15:00:00-06:00 and still holds BCS-HMI (ot) through account o1 with no authorisation dated since: it was due to be removed by the end of 2026-11-24',
        },
      ],
    },
  ],
  notEvaluated: [
    {
      name: 'no authorisation records',
      estate: estateOf(hr({ transferredAt: '2026-11-01T00:00:00Z' }), ot()),
      options,
      config: cfg,
      notEvaluated: /no authorisation records/,
    },
  ],
});
