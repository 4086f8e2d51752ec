import { directoryIsolation } from '../../../src/rules/directory-isolation.js';
import { estateOf, source } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';

const IT_TENANT = '11111111-1111-1111-1111-111111111111';
const it_ = (links: Record<string, unknown>[] = []) =>
  source('it', { links, source: { kind: 'entra', origin: { tenantId: IT_TENANT, domainName: 'corp.example' } } });
const ot_ = (links: Record<string, unknown>[] = []) =>
  source('ot', { links, source: { kind: 'ldap', origin: { domainName: 'ot.example' } } });
const link = (partner: string, direction: string, kind: string) => ({ id: `l-${partner}`, kind, partner, direction });
const options = { zones: ['it', 'ot'] };

testRuleKind(directoryIsolation, {
  valid: [
    { name: 'no trusts', estate: estateOf(it_(), ot_()), options },
    {
      name: 'a trust to a vendor domain in no zone',
      estate: estateOf(it_([link('vendor.example', 'outbound', 'ad-trust')]), ot_()),
      options,
    },
  ],
  invalid: [
    {
      name: 'an AD forest trust from IT to the OT forest',
      estate: estateOf(it_([link('ot.example', 'bidirectional', 'ad-trust')]), ot_()),
      options,
      findings: [{ messageId: 'trust', subject: 'it', message: 'it has a bidirectional trust with ot.example (ot)' }],
    },
    {
      name: 'an inbound cross-tenant partner that is the IT tenant',
      estate: estateOf(it_(), ot_([link(IT_TENANT, 'inbound', 'entra-cross-tenant')])),
      options,
      findings: [
        { messageId: 'crossTenant', subject: 'ot', message: `ot has an inbound cross-tenant access policy with ${IT_TENANT} (it)` },
      ],
    },
  ],
  notEvaluated: [{ name: 'no directory in the zones', estate: estateOf(source('x')), options, notEvaluated: /no directory source/ }],
});
