import { terminationAccess } from '../../../src/rules/cip/termination-access.js';
import { estateOf } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';
import { cfg, hr, ot, SCOPE } from './cip-estates.js';

const options = { scope: SCOPE };

testRuleKind(terminationAccess, {
  valid: [
    {
      name: 'terminated 23h59 before the run, access still held',
      estate: estateOf(hr({ status: 'terminated', terminatedAt: '2026-11-24T12:01:00Z' }), ot()),
      options,
      config: cfg,
    },
    {
      name: 'terminated long ago, account disabled',
      estate: estateOf(hr({ status: 'terminated', terminatedAt: '2026-10-01T12:00:00Z' }), ot(['o1'], { enabled: false })),
      options,
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'terminated 24h01 before the run, access still held',
      estate: estateOf(hr({ status: 'terminated', terminatedAt: '2026-11-24T11:59:00Z' }), ot()),
      options,
      config: cfg,
      findings: [
        {
          messageId: 'stillHeld',
          subject: 'P1',
          message:
            'Pat was terminated 2026-11-24T11:59:00Z and still holds BCS-HMI (ot) through enabled account o1, more than 24 hours later',
        },
      ],
    },
    {
      name: 'disabled now, but logged on after the deadline',
      estate: estateOf(
        hr({ status: 'terminated', terminatedAt: '2026-10-01T12:00:00Z' }),
        ot(['o1'], { enabled: false, lastLogonAt: '2026-10-02T12:01:00Z' }),
      ),
      options,
      config: cfg,
      findings: [{ messageId: 'usedAfter', subject: 'P1' }],
    },
  ],
  notEvaluated: [{ name: 'no roster', estate: estateOf(ot()), options, config: cfg, notEvaluated: /no HR roster/ }],
});
