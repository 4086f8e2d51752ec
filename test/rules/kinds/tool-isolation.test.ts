import { toolIsolation } from '../../../src/rules/tool-isolation.js';
import { config, estateOf, group, person, source, user } from '../../helpers/estate-builder.js';
import { testRuleKind } from '../../helpers/rule-tester.js';

const IT_TENANT = '11111111-1111-1111-1111-111111111111';
const OT_TENANT = '22222222-2222-2222-2222-222222222222';
const cfg = config({
  zones: [
    { id: 'it', sources: ['it'], tenants: [IT_TENANT] },
    { id: 'ot', sources: ['ot'], tenants: [OT_TENANT] },
  ],
});
const sp = (id: string, owner: string, extra: Record<string, unknown> = {}) =>
  user(id, { type: 'servicePrincipal', appId: `app-${id}`, appOwnerOrganizationId: owner, ...extra });
const tools = (...rows: [string, string, string][]) =>
  source('inv', { tools: rows.map(([id, zone, ref]) => ({ id, name: id, zone, identities: [{ ref }] })) });
const it_ = (accounts: Record<string, unknown>[], extra: Record<string, unknown[]> = {}) =>
  source('it', { accounts, source: { origin: { tenantId: IT_TENANT } }, ...extra });
const ot_ = (accounts: Record<string, unknown>[], extra: Record<string, unknown[]> = {}) =>
  source('ot', { accounts, source: { origin: { tenantId: OT_TENANT } }, ...extra });

testRuleKind(toolIsolation, {
  valid: [
    {
      name: 'an OT tool in the OT tenant',
      estate: estateOf(it_([]), ot_([sp('otnm', OT_TENANT)]), tools(['OTNM', 'ot', 'otnm'])),
      config: cfg,
    },
    {
      name: 'an IT tool in the IT tenant',
      estate: estateOf(it_([sp('siem', IT_TENANT)]), ot_([]), tools(['SIEM', 'it', 'siem'])),
      config: cfg,
    },
  ],
  invalid: [
    {
      name: 'an OT tool whose identity and application live in the IT tenant, beside an IT tool',
      estate: estateOf(it_([sp('hist', IT_TENANT), sp('siem', IT_TENANT)]), ot_([]), tools(['HIST', 'ot', 'hist'], ['SIEM', 'it', 'siem'])),
      config: cfg,
      findings: [
        { messageId: 'identityZone', message: 'HIST (ot) runs as hist in source it, which belongs to it' },
        { messageId: 'appOwnerTenant', message: `HIST (ot): its application is registered in tenant ${IT_TENANT}, which belongs to it` },
        { messageId: 'sharedDirectory', message: 'source it hosts identities of tools from it and ot: HIST, SIEM' },
      ],
    },
    {
      name: 'an identity found nowhere',
      estate: estateOf(it_([]), ot_([]), tools(['OTNM', 'ot', 'ghost'])),
      config: cfg,
      findings: [
        {
          messageId: 'identityNotFound',
          message: 'OTNM: identity "ghost" was not found in any collected source, so its isolation cannot be checked',
        },
      ],
    },
    {
      name: 'an OT tool identity holding an IT group',
      estate: estateOf(
        it_([], { groups: [group('Shares', ['CN=fsp'])], foreign: [{ id: 'CN=fsp', sid: 'S-1-5-21-5-5-5-4001' }] }),
        ot_([user('svc-asset', { type: 'service', sid: 'S-1-5-21-5-5-5-4001' })]),
        tools(['ASSET', 'ot', 'svc-asset']),
      ),
      config: cfg,
      findings: [{ messageId: 'identityAccess', message: 'ASSET (ot) identity svc-asset holds entitlements in it' }],
    },
    {
      name: 'an application registered in a tenant of no zone, when unclassified owners are reported',
      estate: estateOf(it_([]), ot_([sp('edr', '99999999-9999-9999-9999-999999999999')]), tools(['EDR', 'ot', 'edr'])),
      config: cfg,
      options: { checks: ['app-owner-unclassified'] },
      findings: [{ messageId: 'appOwnerUnclassified' }],
    },
    {
      name: 'a person owning tool identities in two zones',
      estate: estateOf(
        source('hr', { persons: [person('P1', { name: 'Pat', employeeId: 'E1' })] }),
        it_([sp('siem', IT_TENANT, { owners: ['pat'] }), user('pat', { employeeId: 'E1' })]),
        ot_([sp('otnm', OT_TENANT, { owners: ['pat-ot'] }), user('pat-ot', { employeeId: 'E1' })]),
        tools(['SIEM', 'it', 'siem'], ['OTNM', 'ot', 'otnm']),
      ),
      config: cfg,
      options: { checks: ['human-owner'] },
      findings: [{ messageId: 'humanOwner', subject: 'P1', message: 'Pat owns identities of tools in it and ot' }],
    },
  ],
  notEvaluated: [{ name: 'no tool inventory', estate: estateOf(it_([]), ot_([])), config: cfg, notEvaluated: /no tool inventory/ }],
});
