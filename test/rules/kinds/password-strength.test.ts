import { passwordStrength } from '../../../src/rules/cip/password-strength.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, SCOPE } from './cip-estates.js';
import { domainPolicy, forest } from './password-estates.js';

const options = { scope: SCOPE };

testRuleKind(passwordStrength, {
  valid: [{ name: '14 characters with complexity', estate: estateOf(forest([domainPolicy()])), options, config: cfg }],
  invalid: [
    {
      name: 'a domain policy of 7 characters',
      estate: estateOf(forest([domainPolicy({ minLength: 7 })])),
      options,
      config: cfg,
      findings: [
        {
          messageId: 'shortMinLength',
          message: 'Default domain password policy requires 7 character(s), fewer than 8, for 2 in-scope account(s)',
        },
      ],
    },
    {
      name: 'complexity off',
      estate: estateOf(forest([domainPolicy({ complexity: false })])),
      options,
      config: cfg,
      findings: [{ messageId: 'noComplexityRequired' }],
    },
    {
      name: 'no password policy collected',
      estate: estateOf(forest([])),
      options,
      config: cfg,
      findings: [
        { messageId: 'unknownPolicy', subject: 'o1' },
        { messageId: 'unknownPolicy', subject: 'o2' },
      ],
    },
  ],
});
