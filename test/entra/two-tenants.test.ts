import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectedSource } from '../../src/model/collected.js';
import { CollectedSource as CollectedSourceSchema } from '../../src/model/collected.js';
import { clients, IT, loadTenants, OT } from '../graph-emulator/fixtures.js';
import { startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';
import { collect, customCloudConfig, testContext } from './harness.js';

const env = { IT_SECRET: clients.it.secret, OT_SECRET: clients.ot.secret };

describe('an IT and an OT tenant collected from the Graph emulator', () => {
  let emu: GraphEmulator;
  let it_: CollectedSource;
  let ot: CollectedSource;

  beforeAll(async () => {
    emu = await startGraphEmulator({ tenants: loadTenants() });
    const ctx = testContext(env);
    [it_, ot] = await Promise.all([
      collect(
        customCloudConfig(emu, { id: 'it-entra', tenantId: IT, clientId: clients.it.clientId, clientSecret: { env: 'IT_SECRET' } }),
        ctx,
      ),
      collect(
        customCloudConfig(emu, {
          id: 'ot-entra',
          tenantId: 'ot.gridco.example',
          clientId: clients.ot.clientId,
          clientSecret: { env: 'OT_SECRET' },
        }),
        ctx,
      ),
    ]);
  });
  afterAll(() => emu.close());

  const account = (c: CollectedSource, id: string) => c.accounts.find((a) => a.id === id);
  const group = (c: CollectedSource, name: string) => c.groups.find((g) => g.name === name)!;

  it('produces complete sources that satisfy the snapshot schema, with tenant id and name from the organization', () => {
    for (const c of [it_, ot]) {
      expect(c.source.complete, JSON.stringify(c.source.problems)).toBe(true);
      expect(CollectedSourceSchema.parse(c)).toBeTruthy();
    }
    expect(it_.source.origin).toMatchObject({ tenantId: IT, tenantName: 'Gridco Corporate', cloud: 'custom', tlsVerified: true });
    // configured by domain name; the organization read gives the tenant id
    expect(ot.source.origin).toMatchObject({ tenantId: OT, tenantName: 'Gridco Operations (OT)' });
    expect(it_.source.stats?.requests).toBeGreaterThan(0);
  });

  it('normalises a B2B guest of the IT tenant that sits in an OT group', () => {
    const guest = account(ot, '50000000-0000-4000-8000-000000000002')!;
    expect(guest).toMatchObject({
      type: 'guest',
      upn: 'alice_gridco.example#EXT#@gridcoot.onmicrosoft.com',
      homeTenant: 'gridco.example',
      externalUserState: 'Accepted',
      creationType: 'Invitation',
      enabled: true,
    });
    expect(group(ot, 'OT-SCADA-Operators').members).toContain(guest.id);
    expect(ot.links).toContainEqual(
      expect.objectContaining({ kind: 'entra-b2b-guest-domain', partner: 'gridco.example', direction: 'inbound' }),
    );
  });

  it('keeps member users with their correlation keys and disabled state', () => {
    expect(account(it_, '10000000-0000-4000-8000-000000000001')).toMatchObject({
      type: 'user',
      upn: 'alice@gridco.example',
      mail: 'Alice@gridco.example',
      employeeId: 'E100',
      enabled: true,
      onPremisesSid: 'S-1-5-21-1004336348-1177238915-682003330-1105',
      onPremisesSamAccountName: 'alice',
      createdAt: '2021-03-01T08:00:00Z',
    });
    expect(account(it_, '10000000-0000-4000-8000-000000000002')).toMatchObject({ enabled: false });
  });

  it('records active, PIM-eligible and PIM-for-groups assignments', () => {
    expect(it_.roleAssignments).toContainEqual(
      expect.objectContaining({
        principal: '10000000-0000-4000-8000-000000000003',
        roleName: 'Global Administrator',
        state: 'eligible',
        assignmentKind: 'directory-role',
        endsAt: '2027-06-30T00:00:00Z',
      }),
    );
    expect(it_.roleAssignments).toContainEqual(
      expect.objectContaining({
        principal: '20000000-0000-4000-8000-000000000005',
        roleName: 'Global Administrator',
        state: 'active',
      }),
    );
    expect(it_.roleAssignments).toContainEqual(
      expect.objectContaining({
        principal: '10000000-0000-4000-8000-000000000002',
        roleId: '20000000-0000-4000-8000-000000000001',
        roleName: 'IT-Admins',
        state: 'eligible',
        assignmentKind: 'group-member',
        endsAt: null,
      }),
    );
    expect(it_.roleAssignments).toContainEqual(
      expect.objectContaining({
        principal: '10000000-0000-4000-8000-000000000001',
        roleId: '20000000-0000-4000-8000-000000000005',
        assignmentKind: 'group-owner',
      }),
    );
  });

  it('records service principals with the tenant that owns their application, and applications with owners', () => {
    expect(account(it_, '30000000-0000-4000-8000-000000000001')).toMatchObject({
      type: 'servicePrincipal',
      name: 'OT Network Monitor',
      appOwnerOrganizationId: IT,
      owners: ['10000000-0000-4000-8000-000000000001'],
    });
    expect(account(it_, '30000000-0000-4000-8000-000000000002')).toMatchObject({
      type: 'servicePrincipal',
      name: 'Vendor SIEM Connector',
      appOwnerOrganizationId: 'f9999999-9999-4999-8999-999999999999',
    });
    expect(it_.applications).toEqual([
      expect.objectContaining({
        appId: 'e0000000-0000-4000-8000-000000000001',
        signInAudience: 'AzureADMultipleOrgs',
        owners: ['10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000003'],
      }),
    ]);
  });

  it('classifies Microsoft 365, security, distribution and role-assignable groups', () => {
    expect(group(it_, 'Corp Comms')).toMatchObject({ groupKind: 'unified', mailEnabled: true });
    expect(group(it_, 'IT-Admins')).toMatchObject({ groupKind: 'security', roleAssignable: false });
    expect(group(it_, 'IT Newsletter')).toMatchObject({ groupKind: 'distribution' });
    expect(group(it_, 'PIM-Tier0')).toMatchObject({
      groupKind: 'security',
      roleAssignable: true,
      members: ['20000000-0000-4000-8000-000000000001'],
    });
    expect(group(ot, 'OT-SCADA-Operators').attributes).toMatchObject({
      onPremisesSecurityIdentifier: 'S-1-5-21-2000000000-2000000000-2000000000-3001',
    });
  });

  it('reads every member of a group whose members span several pages', () => {
    const all = group(it_, 'All Staff');
    expect(all.members).toHaveLength(1204);
    expect(new Set(all.members).size).toBe(1204);
    expect(all.members).toContain('10000000-0000-4000-8000-000000000001');
    expect(all.members).toContain('1b000000-0000-4000-8000-000000001203');
    expect(emu.counters.byPath.get('/groups/{id}/members')).toBeGreaterThan(emu.counters.byPath.get('/groups')!);
  });

  it('keeps nested groups and non-principal members referencable', () => {
    expect(group(ot, 'OT-Remote-Access').members).toEqual(['60000000-0000-4000-8000-000000000001']);
    expect(ot.foreign).toEqual([
      { source: 'ot-entra', id: '70000000-0000-4000-8000-000000000001', name: 'device 70000000-0000-4000-8000-000000000001' },
    ]);
  });

  it('turns cross-tenant access partners into directory links with their direction', () => {
    expect(it_.links).toContainEqual(expect.objectContaining({ kind: 'entra-cross-tenant', partner: OT, direction: 'outbound' }));
    expect(ot.links).toContainEqual(expect.objectContaining({ kind: 'entra-cross-tenant', partner: IT, direction: 'inbound' }));
  });
});
