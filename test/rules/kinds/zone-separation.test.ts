import { zoneSeparation } from '../../../src/rules/zone-separation.js';
import { config, estateOf, group, person, source, user } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';

const roster = source('hr', { persons: [person('P1', { name: 'Pat', employeeId: 'E1', department: 'SOC' })] });
const it_ = (...accounts: Record<string, unknown>[]) => source('it', { accounts: [user('u1', { employeeId: 'E1' }), ...accounts] });
const ot_ = (...accounts: Record<string, unknown>[]) => source('ot', { accounts });
const allowing = config({
  populations: { team: { department: ['SOC'] } },
  entitlementSets: { readers: [{ source: 'ot', name: 'OT-Read' }] },
});

testRuleKind(zoneSeparation, {
  valid: [
    { name: 'a person with accounts on one side only', estate: estateOf(roster, it_(), ot_()), options: { zones: ['it', 'ot'] } },
    {
      name: 'an unattributed account in one zone',
      estate: estateOf(roster, it_(user('svc', { type: 'service' })), ot_()),
      options: { zones: ['it', 'ot'], subjects: 'unattributed-accounts' },
    },
  ],
  invalid: [
    {
      name: 'a person with an IT and an OT account',
      estate: estateOf(roster, it_(), ot_(user('o1', { employeeId: 'E1' }))),
      options: { zones: ['it', 'ot'] },
      findings: [{ messageId: 'person', subject: 'P1', message: 'Pat holds credentials in it and ot' }],
    },
    {
      name: 'an IT account attributed to no one, member of an IT group that grants OT access',
      estate: estateOf(roster, source('it', { accounts: [user('svc', { type: 'service' })], groups: [group('OT-Remote', ['svc'])] })),
      options: { zones: ['it', 'ot'], subjects: 'unattributed-accounts' },
      config: config({
        zones: [
          { id: 'it', sources: ['it'] },
          { id: 'ot', sources: ['ot'], entitlements: [{ source: 'it', name: 'OT-*' }] },
        ],
      }),
      findings: [
        { messageId: 'unattributed', subject: 'svc', message: 'account svc, attributed to no person, holds credentials in it and ot' },
      ],
    },
    {
      name: 'an allowed person holding an OT group beyond the allowance',
      estate: estateOf(
        roster,
        it_(),
        source('ot', {
          accounts: [user('o1', { employeeId: 'E1' })],
          groups: [group('OT-Read', ['o1']), group('OT-Admin', ['o1'])],
        }),
      ),
      options: { zones: ['it', 'ot'], allow: [{ population: 'team', entitlements: 'readers' }] },
      config: allowing,
      findings: [
        {
          messageId: 'beyondAllowance',
          subject: 'P1',
          message: 'Pat holds credentials in it and ot, beyond the allowed entitlements: OT-Admin (ot)',
        },
      ],
    },
  ],
  notEvaluated: [
    { name: 'a zone the configuration lacks', estate: estateOf(roster), options: { zones: ['it', 'dmz'] }, notEvaluated: /zone "dmz"/ },
  ],
});
