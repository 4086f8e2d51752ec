import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectedSource } from '../../src/model/collected.js';
import { collector, CORP, corpTenant, gid, monitorAppId, OPS, opsTenant, auId, roles } from '../graph-emulator/documented-tenants.js';
import { call, tokenFor } from '../graph-emulator/https-call.js';
import { startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';
import { collect, comparable, customCloudConfig, testContext } from './harness.js';

/*
 * Collection from two tenants written from Microsoft's Graph v1.0 documentation (see documented-tenants.ts),
 * reached through the configuration a private-cloud user writes (custom authority and Graph hosts, a CA file).
 * Expected answers come from the documents cited beside each case.
 */

const env = { CORP_SECRET: collector.corp.secret, OPS_SECRET: collector.ops.secret };
const corpConfig = (emu: GraphEmulator, extra: Record<string, unknown> = {}) =>
  customCloudConfig(emu, { id: 'corp', tenantId: CORP, clientId: collector.corp.clientId, clientSecret: { env: 'CORP_SECRET' }, ...extra });
const opsConfig = (emu: GraphEmulator) =>
  customCloudConfig(emu, { id: 'ops', tenantId: 'ops.example', clientId: collector.ops.clientId, clientSecret: { env: 'OPS_SECRET' } });

const users = corpTenant().users.map((u) => u.id);
const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const eligibilityPath = '/identityGovernance/privilegedAccess/group/eligibilitySchedules';

describe('Graph as documented: expand caps, PIM for groups filters, synced users, AU scopes, apps across tenants', () => {
  let emu: GraphEmulator;
  let corp: CollectedSource;
  let ops: CollectedSource;
  let corpLog: string[];

  beforeAll(async () => {
    emu = await startGraphEmulator({ tenants: [corpTenant(), opsTenant()] });
    corp = await collect(corpConfig(emu), testContext(env));
    corpLog = [...emu.counters.log];
    ops = await collect(opsConfig(emu), testContext(env));
  });
  afterAll(() => emu.close());

  const group = (c: CollectedSource, name: string) => c.groups.find((g) => g.name === name)!;

  it('collects both tenants completely', () => {
    expect(corp.source.complete, JSON.stringify(corp.source.problems)).toBe(true);
    expect(ops.source.complete, JSON.stringify(ops.source.problems)).toBe(true);
  });

  // "$expand typically returns a maximum of 20 items for the expanded relationship and has no @odata.nextLink"
  // (https://learn.microsoft.com/graph/query-parameters#expand-parameter): at 20, the object's /owners is read.
  it('reads every owner of objects whose expanded owners reach the 20-item cap, and only of those', () => {
    expect(group(corp, 'SEC-0').owners).toEqual(sorted(users.slice(0, 23)));
    expect(group(corp, 'SEC-1').owners).toEqual(sorted(users.slice(0, 20)));
    expect(group(corp, 'SEC-2').owners).toEqual(sorted([users[5]!, users[6]!]));
    expect(group(corp, 'SEC-3').owners).toBeUndefined();
    expect(group(corp, 'Team Site').owners).toEqual([users[4]!]);
    expect(corp.applications[0]!.owners).toEqual(sorted(users.slice(2, 27)));
    expect(corp.accounts.find((a) => a.type === 'servicePrincipal')!.owners).toEqual(sorted(users.slice(0, 20)));
    const ownerReads = corpLog.filter((l) => /^\/\w+\/[^/?]+\/owners/.test(l)).map((l) => l.split('?')[0]!);
    expect(sorted(ownerReads)).toEqual(
      sorted([
        `/groups/${gid('2c000000', 0)}/owners`,
        `/groups/${gid('2c000000', 1)}/owners`,
        `/applications/${gid('4c000000', 1)}/owners`,
        `/servicePrincipals/${gid('3c000000', 1)}/owners`,
      ]),
    );
  });

  // "This method requires the $filter (eq) query parameter to scope the request to a principalId or a groupId"
  // (https://learn.microsoft.com/graph/api/privilegedaccessgroup-list-eligibilityschedules?view=graph-rest-1.0).
  it('asks PIM for groups only with a groupId filter, once per security or Microsoft 365 group, and finds eligibility in the third batch', () => {
    const asked = corpLog.filter((l) => l.startsWith(eligibilityPath));
    expect(asked.every((l) => /\?\$filter=groupId eq '[0-9a-f-]{36}'&/.test(l))).toBe(true);
    const groupsAsked = new Set(asked.map((l) => l.match(/groupId eq '([^']+)'/)![1]));
    // 45 security groups and the Microsoft 365 group; the distribution group cannot be PIM-governed.
    expect(groupsAsked.size).toBe(46);
    expect(groupsAsked.has(gid('2c000000', 90))).toBe(false);
    const eligible = corp.roleAssignments.filter((r) => r.id.startsWith('eligible-group:'));
    expect(eligible.map((r) => [r.principal, r.roleId, r.assignmentKind, r.endsAt])).toEqual([
      [users[11], gid('2c000000', 21), 'group-owner', null],
      [users[10], gid('2c000000', 44), 'group-member', '2026-08-01T00:00:00Z'],
      [users[12], gid('2c000000', 91), 'group-member', null],
    ]);
  });

  // user resource: onPremisesSecurityIdentifier, onPremisesImmutableId, lastPasswordChangeDateTime
  // (https://learn.microsoft.com/graph/api/resources/user; property names as in msgraph-metadata v1.0 CSDL).
  it('keeps what joins a synced user to its AD account, and when its password last changed', () => {
    expect(corp.accounts.find((a) => a.id === users[0])).toMatchObject({
      onPremisesSid: 'S-1-5-21-3623811015-3361044348-30300820-1013',
      onPremisesImmutableId: 'kO3gNxY8jUSR3b8L2lVz6w==',
      onPremisesSamAccountName: 'person0',
      passwordLastSetAt: '2025-11-03T14:22:10Z',
    });
    expect(corp.accounts.find((a) => a.id === users[1])!.onPremisesImmutableId).toBeUndefined();
  });

  // user.passwordPolicies (https://learn.microsoft.com/graph/api/resources/user): DisablePasswordExpiration
  // means the password never expires; the raw value is kept for DisablePasswordStrongPassword.
  it('keeps the password policies set on a user, and states the platform policy with its documentation', () => {
    expect(corp.accounts.find((a) => a.id === users[2])).toMatchObject({
      passwordNeverExpires: true,
      passwordLastSetAt: '2024-02-29T08:00:00Z',
      attributes: { passwordPolicies: 'DisablePasswordExpiration, DisablePasswordStrongPassword' },
    });
    expect(corp.accounts.find((a) => a.id === users[1])!.passwordNeverExpires).toBeUndefined();
    expect(corp.passwordPolicies).toEqual([
      expect.objectContaining({
        kind: 'platform',
        minLength: 8,
        complexity: true,
        evidence: expect.arrayContaining([expect.stringMatching(/^https:\/\/learn\.microsoft\.com\//)]),
      }),
    ]);
    // The emulator is reached as a custom cloud, whose smart lockout threshold no page documents.
    expect(corp.passwordPolicies[0]!.lockoutThreshold).toBeUndefined();
  });

  // unifiedRoleAssignment.directoryScopeId: "/" for tenant-wide, "/administrativeUnits/{id}" for an AU
  // (https://learn.microsoft.com/graph/api/resources/unifiedroleassignment).
  it('keeps the directory scope of active and eligible role assignments', () => {
    const byPrincipal = (p: string) => corp.roleAssignments.find((r) => r.principal === p)!;
    expect(byPrincipal(users[7]!)).toMatchObject({ roleId: roles.userAdministrator, scope: '/', state: 'active' });
    expect(byPrincipal(users[8]!)).toMatchObject({
      roleId: roles.userAdministrator,
      scope: `/administrativeUnits/${auId}`,
      state: 'active',
    });
    expect(byPrincipal(users[9]!)).toMatchObject({
      roleName: 'Helpdesk Administrator',
      scope: `/administrativeUnits/${auId}`,
      state: 'eligible',
    });
  });

  // servicePrincipal.appOwnerOrganizationId "Contains the tenant ID where the application is registered"
  // (https://learn.microsoft.com/graph/api/resources/serviceprincipal); the application carries the same appId.
  it("collects the application in its home tenant and its service principal in the other, linked by appId and the owner's tenant", () => {
    expect(corp.applications).toEqual([
      expect.objectContaining({ appId: monitorAppId, signInAudience: 'AzureADMultipleOrgs', source: 'corp' }),
    ]);
    expect(ops.accounts.find((a) => a.type === 'servicePrincipal')).toMatchObject({
      appId: monitorAppId,
      appOwnerOrganizationId: CORP,
      owners: [],
      source: 'ops',
    });
    expect(ops.source.origin.tenantId).toBe(OPS);
    expect(group(ops, 'OPS-Engineers').owners).toEqual([opsTenant().users[1]!.id]);
  });

  it('gives the same snapshot when the service refuses $expand, reading every object’s owners instead', async () => {
    const tenant = emu.tenants.find((t) => t.id === CORP)!;
    tenant.refuseExpand = true;
    const before = emu.counters.log.length;
    try {
      const refused = await collect(corpConfig(emu), testContext(env));
      expect(refused.source.complete, JSON.stringify(refused.source.problems)).toBe(true);
      expect(comparable(refused)).toEqual(comparable(corp));
      const ownerReads = emu.counters.log.slice(before).filter((l) => /^\/groups\/[^/?]+\/owners/.test(l));
      expect(new Set(ownerReads.map((l) => l.split('?')[0])).size).toBe(47);
    } finally {
      tenant.refuseExpand = undefined;
    }
  });

  it('gives the same snapshot, deterministically, with 10% of requests answered 429 or 503', async () => {
    emu.setFaults({ seed: 29, throttle: 0.07, unavailable: 0.03, retryAfterSec: 0 });
    try {
      const faultsBefore = emu.counters.faults;
      const faulty = await collect(corpConfig(emu), testContext(env));
      expect(faulty.source.complete, JSON.stringify(faulty.source.problems)).toBe(true);
      expect(emu.counters.faults).toBeGreaterThan(faultsBefore);
      expect(faulty.source.stats!.retries).toBeGreaterThan(0);
      expect(comparable(faulty)).toEqual(comparable(corp));
    } finally {
      emu.setFaults(undefined);
    }
  });
});

describe('the emulator answers what Graph documents for these requests', () => {
  let emu: GraphEmulator;
  let token: string;
  const graph = (path: string) => call(`${emu.url}/v1.0${path}`, 'GET', { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    emu = await startGraphEmulator({ tenants: [corpTenant()] });
    token = await tokenFor(emu, CORP, collector.corp.clientId, collector.corp.secret);
  });
  afterAll(() => emu.close());

  it('refuses PIM for groups schedules without a groupId or principalId filter with 400 MissingParameters', async () => {
    // The code and message public clients of Graph report for the unfiltered request.
    const r = await graph(eligibilityPath);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'MissingParameters', message: 'The required parameters GroupId or PrincipalId is missing' });
    const other = await graph(`${eligibilityPath}?$filter=accessId eq 'member'`);
    expect(other.json.error.code).toBe('MissingParameters');
  });

  it('answers the documented filters, including groupId and principalId together', async () => {
    const both = await graph(`${eligibilityPath}?$filter=groupId eq '${gid('2c000000', 44)}' and principalId eq '${users[10]}'`);
    expect(both.status).toBe(200);
    expect(both.json.value.map((v: { accessId: string }) => v.accessId)).toEqual(['member']);
    const byPrincipal = await graph(`${eligibilityPath}?$filter=principalId eq '${users[11]}'&$select=groupId,accessId`);
    expect(byPrincipal.json.value).toEqual([{ id: `${gid('2c000000', 21)}_owner_0002`, groupId: gid('2c000000', 21), accessId: 'owner' }]);
  });

  it('caps expanded owners at 20, without a link to the rest', async () => {
    const r = await graph('/groups?$select=id&$expand=owners($select=id)&$top=999');
    const first = r.json.value.find((g: { id: string }) => g.id === gid('2c000000', 0));
    expect(first.owners).toHaveLength(20);
    expect(Object.keys(first).filter((k) => k.startsWith('owners@'))).toEqual([]);
    const apps = await graph('/applications?$select=id&$expand=owners');
    expect(apps.json.value[0].owners).toHaveLength(20);
    const all = await graph(`/applications/${gid('4c000000', 1)}/owners?$select=id&$top=10`);
    expect(all.json.value).toHaveLength(10);
    expect(all.json['@odata.nextLink']).toContain('$skiptoken=');
  });

  it('refuses PIM reads of a tenant without Entra ID P2 with 400 AadPremiumLicenseRequired', async () => {
    emu.tenants[0]!.licensed = { pim: false };
    try {
      const r = await graph(`${eligibilityPath}?$filter=groupId eq '${gid('2c000000', 44)}'`);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('AadPremiumLicenseRequired');
    } finally {
      emu.tenants[0]!.licensed = undefined;
    }
  });
});

describe('a custom cloud whose tokens are issued for another resource than its Graph URL', () => {
  let emu: GraphEmulator;
  beforeAll(async () => {
    // e.g. a private endpoint or proxy in front of Graph: the token is still for https://graph.microsoft.com.
    emu = await startGraphEmulator({ tenants: [corpTenant()], token: { resources: ['https://graph.microsoft.com'] } });
  });
  afterAll(() => emu.close());

  it('fails sign-in with the default scope (AADSTS500011) and succeeds with tokenScope', async () => {
    const wrong = await collect(corpConfig(emu), testContext(env));
    expect(wrong.source.complete).toBe(false);
    expect(wrong.source.problems[0]!.message).toContain('AADSTS500011');
    const right = await collect(corpConfig(emu, { tokenScope: 'https://graph.microsoft.com/.default' }), testContext(env));
    expect(right.source.complete, JSON.stringify(right.source.problems)).toBe(true);
    expect(right.accounts.length).toBeGreaterThan(30);
  });
});
