import { correlationRule } from '../../../src/rules/correlation.js';
import { estateOf, person, source, user } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';

const hr = source('hr', {
  persons: [person('P1', { employeeId: 'E1', email: 'a@x.example' }), person('P2', { employeeId: 'E2', email: 'b@x.example' })],
});
const it_ = (...accounts: Record<string, unknown>[]) => source('it', { accounts });

testRuleKind(correlationRule, {
  valid: [
    { name: 'an account matching one person', estate: estateOf(hr, it_(user('u', { employeeId: 'e1' }))) },
    { name: 'a service account matching nobody', estate: estateOf(hr, it_(user('svc', { type: 'service' }))) },
  ],
  invalid: [
    {
      name: 'an account matching two persons',
      estate: estateOf(hr, it_(user('u', { employeeId: 'E1', mail: 'b@x.example' }))),
      findings: [
        { messageId: 'ambiguous', subject: 'u', message: 'account u matches 2 persons (P1, P2); its access is attributed to none' },
      ],
    },
    {
      name: 'an enabled human account matching nobody',
      estate: estateOf(hr, it_(user('u', { mail: 'c@x.example' }))),
      findings: [{ messageId: 'unattributable', subject: 'u', message: 'enabled account u matches no person in the roster' }],
    },
  ],
  notEvaluated: [{ name: 'no roster', estate: estateOf(it_(user('u'))), notEvaluated: /no HR roster/ }],
});
