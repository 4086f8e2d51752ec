import { loginAttempts } from '../../../src/rules/cip/login-attempts.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, SCOPE } from './cip-estates.js';
import { domainPolicy, forest } from './password-estates.js';

const never = estateOf(forest([domainPolicy({ lockoutThreshold: 0 })]));

testRuleKind(loginAttempts, {
  valid: [
    { name: 'a lockout threshold of 5', estate: estateOf(forest([domainPolicy()])), options: { scope: SCOPE }, config: cfg },
    {
      name: 'no lockout, but alerting declared',
      estate: never,
      options: { scope: SCOPE, alerts: { ot: 'SIEM use case UC-17' } },
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'a domain policy that never locks out',
      estate: never,
      options: { scope: SCOPE },
      config: cfg,
      findings: [
        {
          messageId: 'neverLocks',
          message:
            'Default domain password policy never locks an account out (threshold 0), and no alerting is declared for ot: unsuccessful logins are not limited for 2 in-scope account(s)',
        },
      ],
    },
    {
      name: 'a policy that does not show a threshold',
      estate: estateOf(forest([domainPolicy({ lockoutThreshold: undefined })])),
      options: { scope: SCOPE },
      config: cfg,
      findings: [{ messageId: 'noThreshold' }],
    },
  ],
});
