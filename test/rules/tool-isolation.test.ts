import { describe, expect, it } from 'vitest';
import { toolIsolation } from '../../src/rules/tool-isolation.js';
import { config, contextOf, estateOf, findingsOf, group, person, source, user } from '../helpers/estate-builder.js';

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

interface Case {
  name: string;
  sources: ReturnType<typeof source>[];
  /** Expected finding keys: subject id and the check that fired. */
  expect: string[];
}

const cases: Case[] = [
  {
    name: 'OT tool correctly in the OT tenant',
    sources: [it_([]), ot_([sp('otnm', OT_TENANT)]), tools(['OTNM', 'ot', 'otnm'])],
    expect: [],
  },
  { name: 'IT tool in the IT tenant', sources: [it_([sp('siem', IT_TENANT)]), ot_([]), tools(['SIEM', 'it', 'siem'])], expect: [] },
  {
    name: 'OT tool whose identity lives in the IT tenant',
    sources: [it_([sp('hist', IT_TENANT), sp('siem', IT_TENANT)]), ot_([]), tools(['HIST', 'ot', 'hist'], ['SIEM', 'it', 'siem'])],
    expect: ['HIST:zone', 'HIST:owner-tenant', 'it:shared-directory'],
  },
  {
    name: 'OT tool whose application is registered in the IT tenant',
    sources: [it_([]), ot_([sp('edr', IT_TENANT)]), tools(['EDR', 'ot', 'edr'])],
    expect: ['EDR:owner-tenant'],
  },
  {
    // A third party's tenant (in no zone) owning the application is not by itself a violation
    // (DOMAIN.md 4, issue 15 item 6): only another zone's tenant is; `app-owner-unclassified` opts in.
    name: 'OT tool whose application is registered in an unknown third-party tenant: not a violation by default',
    sources: [it_([]), ot_([sp('edr', '99999999-9999-9999-9999-999999999999')]), tools(['EDR', 'ot', 'edr'])],
    expect: [],
  },
  {
    name: 'OT tool identity holding an IT group (through a foreign principal)',
    sources: [
      it_([], { groups: [group('Shares', ['CN=fsp'])], foreign: [{ id: 'CN=fsp', sid: 'S-1-5-21-5-5-5-4001' }] }),
      ot_([user('svc-asset', { type: 'service', sid: 'S-1-5-21-5-5-5-4001' })]),
      tools(['ASSET', 'ot', 'svc-asset']),
    ],
    expect: ['ASSET:access'],
  },
  { name: 'tool identity not found anywhere', sources: [it_([]), ot_([]), tools(['RAB', 'ot', 'svc-rab'])], expect: ['RAB:missing'] },
  {
    name: 'a person owning tools in two zones',
    sources: [
      source('hr', { persons: [person('P1', { name: 'Nora', employeeId: 'E1' })] }),
      it_([user('nora', { employeeId: 'E1' }), sp('siem', IT_TENANT, { owners: ['nora'] })]),
      ot_([user('nora-guest', { type: 'guest', employeeId: 'E1' }), sp('otnm', OT_TENANT, { owners: ['nora-guest'] })]),
      tools(['SIEM', 'it', 'siem'], ['OTNM', 'ot', 'otnm']),
    ],
    expect: ['P1:owner'],
  },
  {
    name: 'a person owning two tools of one zone',
    sources: [
      source('hr', { persons: [person('P1', { name: 'Nora', employeeId: 'E1' })] }),
      it_([user('nora', { employeeId: 'E1' }), sp('siem', IT_TENANT, { owners: ['nora'] }), sp('edr', IT_TENANT, { owners: ['nora'] })]),
      ot_([]),
      tools(['SIEM', 'it', 'siem'], ['EDR', 'it', 'edr']),
    ],
    expect: [],
  },
];

const keyOf = (f: { subject: { id: string }; key?: string }): string => {
  const k = f.key ?? '';
  const check = k.startsWith('zone:')
    ? 'zone'
    : k.startsWith('owner-tenant:')
      ? 'owner-tenant'
      : k.startsWith('access:')
        ? 'access'
        : k.startsWith('missing:')
          ? 'missing'
          : k === 'owner'
            ? 'owner'
            : 'shared-directory';
  return `${f.subject.id}:${check}`;
};

describe('tool-isolation', () => {
  it.each(cases)('$name', (c) => {
    const found = findingsOf(toolIsolation, {}, estateOf(...c.sources), cfg)
      .map(keyOf)
      .sort();
    expect(found).toEqual([...c.expect].sort());
  });

  it('proves the cross-zone access with the chain through the foreign principal', () => {
    const c = cases.find((x) => x.name.startsWith('OT tool identity holding'))!;
    const [f] = findingsOf(toolIsolation, {}, estateOf(...c.sources), cfg);
    expect(f!.chains[0]!.steps.map((s) => s.name)).toEqual(['ASSET', 'svc-asset', 'S-1-5-21-5-5-5-4001', 'Shares']);
    expect(f!.zones).toEqual(['ot', 'it']);
  });

  it('is not evaluated without a tool inventory', () => {
    const out = toolIsolation.evaluate(contextOf(estateOf(it_([]), ot_([])), cfg), toolIsolation.options.parse({}));
    expect(out).toEqual({ notEvaluated: expect.stringContaining('no tool inventory') });
  });

  it('is not evaluated when a tool names an undefined zone', () => {
    const out = toolIsolation.evaluate(contextOf(estateOf(it_([]), tools(['X', 'dmz', 'x'])), cfg), toolIsolation.options.parse({}));
    expect(out).toEqual({ notEvaluated: expect.stringContaining('"dmz"') });
  });
});

/*
 * Applications across tenants. "Application and service principal objects in Microsoft Entra ID"
 * (https://learn.microsoft.com/entra/identity-platform/app-objects-and-service-principals): an application
 * object lives only in its home tenant; a service principal is created in every tenant where the
 * application is used, and references it by the globally unique app (client) id. The Graph servicePrincipal
 * resource (https://learn.microsoft.com/graph/api/resources/serviceprincipal): appOwnerOrganizationId is "the
 * tenant ID where the application is registered". Most SaaS applications are multi-tenant: a vendor's
 * connector is an application homed in the vendor's tenant with a service principal in ours.
 */
describe('tool-isolation across tenants', () => {
  const VENDOR_TENANT = '33333333-3333-3333-3333-333333333333';
  const hr = source('hr', { persons: [person('P1', { name: 'Nora', employeeId: 'E1' })] });
  // The OT EDR console's service principal lives in the OT tenant; its application is registered in the IT tenant.
  const edrApp = { id: 'app-object-edr', appId: 'app-edr', name: 'OT EDR Console (app)', owners: ['nora'] };
  const withVendors = config({
    zones: [
      { id: 'it', sources: ['it'], tenants: [IT_TENANT] },
      { id: 'ot', sources: ['ot'], tenants: [OT_TENANT] },
    ],
    vendors: [{ name: 'Example OT Security', tenants: [VENDOR_TENANT] }],
  });
  // Residency only: no tenant ids listed, the tenants are known from the sources' origins.
  const byResidency = config({
    zones: [
      { id: 'it', sources: ['it'] },
      { id: 'ot', sources: ['ot'] },
    ],
  });
  const cross: (Case & { cfg: ReturnType<typeof config> })[] = [
    {
      name: 'an OT tool whose application (owned by an IT person) is in the IT tenant: the app-owner violation, and the person owns one tool',
      sources: [
        hr,
        it_([user('nora', { employeeId: 'E1' })], { applications: [edrApp] }),
        ot_([sp('edr', IT_TENANT)]),
        tools(['EDR', 'ot', 'edr']),
      ],
      cfg: withVendors,
      expect: ['EDR:owner-tenant'],
    },
    {
      name: 'the owner of an IT tool and of an OT tool application in the IT tenant owns tools in two zones',
      sources: [
        hr,
        it_([user('nora', { employeeId: 'E1' }), sp('siem', IT_TENANT, { owners: ['nora'] })], { applications: [edrApp] }),
        ot_([sp('edr', IT_TENANT)]),
        tools(['SIEM', 'it', 'siem'], ['EDR', 'ot', 'edr']),
      ],
      cfg: withVendors,
      expect: ['EDR:owner-tenant', 'P1:owner'],
    },
    {
      name: "a vendor's multi-tenant connector, its tenant listed under vendors",
      sources: [it_([]), ot_([sp('otnm', VENDOR_TENANT)]), tools(['OTNM', 'ot', 'otnm'])],
      cfg: withVendors,
      expect: [],
    },
    {
      name: 'a tenant that is a zone and also listed as a vendor is the zone',
      sources: [it_([]), ot_([sp('edr', IT_TENANT)]), tools(['EDR', 'ot', 'edr'])],
      cfg: config({
        zones: [
          { id: 'it', sources: ['it'], tenants: [IT_TENANT] },
          { id: 'ot', sources: ['ot'], tenants: [OT_TENANT] },
        ],
        vendors: [{ name: 'Mislabelled', tenants: [IT_TENANT] }],
      }),
      expect: ['EDR:owner-tenant'],
    },
    {
      name: 'the owning tenant known only by the residency of a collected source',
      sources: [it_([]), ot_([sp('edr', IT_TENANT)]), tools(['EDR', 'ot', 'edr'])],
      cfg: byResidency,
      expect: ['EDR:owner-tenant'],
    },
    {
      name: 'no appOwnerOrganizationId: the application found in the IT tenant decides',
      sources: [
        hr,
        it_([user('nora', { employeeId: 'E1' })], { applications: [edrApp] }),
        ot_([sp('edr', IT_TENANT, { appOwnerOrganizationId: undefined })]),
        tools(['EDR', 'ot', 'edr']),
      ],
      cfg: byResidency,
      expect: ['EDR:owner-tenant'],
    },
    {
      name: 'a single-tenant OT application in the OT tenant, owned there',
      sources: [
        hr,
        it_([]),
        ot_([user('nora-ot', { employeeId: 'E1' }), sp('edr', OT_TENANT)], { applications: [{ ...edrApp, owners: ['nora-ot'] }] }),
        tools(['EDR', 'ot', 'edr']),
      ],
      cfg: withVendors,
      expect: [],
    },
  ];
  it.each(cross)('$name', (c) => {
    const found = findingsOf(toolIsolation, {}, estateOf(...c.sources), c.cfg)
      .map(keyOf)
      .sort();
    expect(found).toEqual([...c.expect].sort());
  });

  it('shows the ownership through the application in the other tenant', () => {
    const c = cross[1]!;
    const f = findingsOf(toolIsolation, {}, estateOf(...c.sources), c.cfg).find((x) => x.key === 'owner')!;
    expect(f.chains.map((ch) => ch.steps.map((s) => `${s.type}:${s.source ?? ''}:${s.name}`))).toEqual([
      ['person::Nora', 'account:it:nora', 'account:it:siem', 'tool::SIEM'],
      ['person::Nora', 'account:it:nora', 'application:it:OT EDR Console (app)', 'account:ot:edr', 'tool::EDR'],
    ]);
  });

  // "Application and service principal objects in Microsoft Entra ID": a multi-tenant application's
  // service principal in a customer tenant names the home tenant in appOwnerOrganizationId. A third
  // party's tenant (a vendor's SaaS connector) is not by itself a violation (DOMAIN.md 4).
  it('does not report an owning tenant in no zone and no vendor list by default', () => {
    const f = findingsOf(
      toolIsolation,
      {},
      estateOf(it_([]), ot_([sp('otnm', VENDOR_TENANT)]), tools(['OTNM', 'ot', 'otnm'])),
      byResidency,
    );
    expect(f.map(keyOf)).toEqual([]);
  });

  it('reports it low, to be classified, when app-owner-unclassified is asked for; a listed vendor never', () => {
    const estate = estateOf(it_([]), ot_([sp('otnm', VENDOR_TENANT)]), tools(['OTNM', 'ot', 'otnm']));
    const checks = { checks: ['app-owner-tenant', 'app-owner-unclassified'] };
    expect(findingsOf(toolIsolation, checks, estate, byResidency).map((x) => [keyOf(x), x.severity])).toEqual([
      ['OTNM:owner-tenant', 'low'],
    ]);
    expect(findingsOf(toolIsolation, checks, estate, withVendors).map(keyOf)).toEqual([]);
  });

  it('ends the app-owner chain at the application object in the other tenant when it was collected', () => {
    const c = cross[0]!;
    const f = findingsOf(toolIsolation, {}, estateOf(...c.sources), c.cfg).find((x) => keyOf(x) === 'EDR:owner-tenant')!;
    expect(f.chains.map((ch) => ch.steps.map((s) => `${s.type}:${s.source ?? ''}:${s.name}`))).toEqual([
      ['tool::EDR', 'account:ot:edr', 'application:it:OT EDR Console (app)'],
    ]);
    expect(f.chains[0]!.steps.at(-1)!.grants).toEqual(['it']);
  });
});
