import { authorization } from '../../../src/rules/cip/authorization.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, hr, ot, records, SCOPE } from './cip-estates.js';

const auth = (person: string, entitlement: string) => ({ person, entitlement, approver: 'Ops manager', date: '2026-01-10T09:00:00-06:00' });
const options = { scope: SCOPE };

testRuleKind(authorization, {
  valid: [
    {
      name: 'access with its record',
      estate: estateOf(hr(), ot(), records('authorizations', [auth('P1', 'BCS-HMI')])),
      options,
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'access without a record',
      estate: estateOf(hr(), ot(), records('authorizations', [])),
      options,
      config: cfg,
      findings: [
        { messageId: 'unauthorized', subject: 'P1', message: 'Pat holds BCS-HMI (ot) through account o1 without an authorisation record' },
      ],
    },
    {
      name: 'a record for a person not in the roster, and one for access not held',
      estate: estateOf(hr(), ot(), records('authorizations', [auth('P1', 'BCS-HMI'), auth('P9', 'BCS-HMI'), auth('P2', 'BCS-HMI')])),
      options,
      config: cfg,
      findings: [{ messageId: 'unknownPerson' }, { messageId: 'unused', subject: 'P2' }],
    },
  ],
  notEvaluated: [
    { name: 'no authorisation records', estate: estateOf(hr(), ot()), options, config: cfg, notEvaluated: /no authorisation records/ },
  ],
});
