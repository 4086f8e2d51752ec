import { passwordChange } from '../../../src/rules/cip/password-change.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, SCOPE } from './cip-estates.js';
import { domainPolicy, forest } from './password-estates.js';

const options = { scope: SCOPE };

testRuleKind(passwordChange, {
  valid: [
    {
      name: 'changed this year',
      estate: estateOf(forest([domainPolicy()], { passwordLastSetAt: '2026-06-01T12:00:00Z' })),
      options,
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'changed more than 15 calendar months ago',
      estate: estateOf(forest([domainPolicy()], { passwordLastSetAt: '2025-01-10T12:00:00Z' })),
      options,
      config: cfg,
      findings: [
        { messageId: 'overdue', subject: 'o1', message: 'o1 last changed its password on 2025-01-10; a change was due by 2026-04-10' },
        { messageId: 'overdue', subject: 'o2' },
      ],
    },
    {
      name: 'the directory does not show the last change',
      estate: estateOf(forest([domainPolicy()])),
      options,
      config: cfg,
      findings: [
        { messageId: 'unknown', subject: 'o1' },
        { messageId: 'unknown', subject: 'o2' },
      ],
    },
  ],
});
