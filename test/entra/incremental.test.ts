import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateFile } from '../../src/connectors/entra/incremental.js';
import { clients, IT, loadTenants } from '../graph-emulator/fixtures.js';
import { startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';
import { collect, comparable, customCloudConfig, tempDir, testContext } from './harness.js';

describe('incremental collection with delta links kept in the state directory', () => {
  let emu: GraphEmulator;
  beforeAll(async () => {
    emu = await startGraphEmulator({ tenants: loadTenants(), delta: { objects: 100, links: 400 } });
  });
  afterAll(() => emu.close());

  const config = () => customCloudConfig(emu, { id: 'it-entra', tenantId: IT, clientId: clients.it.clientId, clientSecret: { env: 'S' } });
  const env = { S: clients.it.secret };

  it('applies the changes since the last run and equals a fresh full collection', async () => {
    const stateDir = tempDir();
    const deltaBefore = emu.counters.byPath.get('/groups/delta') ?? 0;
    const tier0 = emu.tenants.find((t) => t.id === IT)!.groups.find((g) => g.displayName === 'PIM-Tier0')!;
    tier0.members = [...tier0.members!, '30000000-0000-4000-8000-000000000002'];
    const first = await collect(config(), testContext(env, stateDir));
    expect(first.groups.find((g) => g.name === 'PIM-Tier0')!.members).toContain('30000000-0000-4000-8000-000000000002');
    // the first run takes a delta link for "now" (one request) and reads the groups by $batch
    expect((emu.counters.byPath.get('/groups/delta') ?? 0) - deltaBefore).toBe(1);
    expect(emu.counters.byPath.get('/$batch')).toBeGreaterThan(0);
    expect(first.source.complete).toBe(true);
    const file = stateFile(stateDir, 'it-entra');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);

    const tenant = emu.tenants.find((t) => t.id === IT)!;
    const admins = tenant.groups.find((g) => g.displayName === 'IT-Admins')!;
    const staff = tenant.groups.find((g) => g.displayName === 'All Staff')!;
    tenant.users.push({
      id: '10000000-0000-4000-8000-000000000009',
      displayName: 'Erin New',
      userPrincipalName: 'erin@gridco.example',
      userType: 'Member',
      accountEnabled: true,
    });
    tenant.users.find((u) => u.id === '10000000-0000-4000-8000-000000000002')!.accountEnabled = true;
    admins.members = ['10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000009'];
    staff.members = staff.members!.filter((m) => !m.endsWith('000000000500'));
    tenant.groups = tenant.groups.filter((g) => g.displayName !== 'IT Newsletter');
    tenant.groups.push({
      id: '20000000-0000-4000-8000-000000000009',
      displayName: 'OT-Jump-Hosts',
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: [],
      members: ['20000000-0000-4000-8000-000000000001'],
    });
    // Deleting a user ends its memberships; the groups delta does not report that, the users delta does.
    tenant.users = tenant.users.filter((u) => u.id !== '1b000000-0000-4000-8000-000000000007');
    tenant.servicePrincipals = tenant.servicePrincipals.filter((sp) => sp.id !== '30000000-0000-4000-8000-000000000002');

    const before = emu.counters.byPath.get('/groups/delta') ?? 0;
    const second = await collect(config(), testContext(env, stateDir));
    expect(second.source.complete).toBe(true);
    // the whole groups round needed several pages; the changes fit in one
    expect((emu.counters.byPath.get('/groups/delta') ?? 0) - before).toBe(1);

    const fresh = await collect(config(), testContext(env));
    expect(comparable(second)).toEqual(comparable(fresh));
    expect(second.groups.find((g) => g.name === 'IT-Admins')!.members).toEqual([
      '10000000-0000-4000-8000-000000000001',
      '10000000-0000-4000-8000-000000000009',
    ]);
    expect(second.groups.find((g) => g.name === 'All Staff')!.members).toHaveLength(1202);
    expect(second.foreign).toEqual(fresh.foreign);
    expect(second.groups.find((g) => g.name === 'PIM-Tier0')!.members).toEqual(['20000000-0000-4000-8000-000000000001']);
    expect(second.groups.some((g) => g.name === 'IT Newsletter')).toBe(false);
    expect(second.accounts.find((a) => a.id === '10000000-0000-4000-8000-000000000002')!.enabled).toBe(true);
  });

  it('falls back to a full collection when the delta links have expired', async () => {
    const stateDir = tempDir();
    await collect(config(), testContext(env, stateDir));
    emu.tenants
      .find((t) => t.id === IT)!
      .users.push({ id: '10000000-0000-4000-8000-000000000010', displayName: 'Frank Later', userType: 'Member', accountEnabled: true });
    emu.expireDeltaLinks();
    const ctx = testContext(env, stateDir);
    const again = await collect(config(), ctx);
    expect(again.source.complete).toBe(true);
    expect(ctx.lines.map((l) => l.message)).toContainEqual(expect.stringMatching(/delta links have expired/));
    expect(comparable(again)).toEqual(comparable(await collect(config(), testContext(env))));
    expect(again.accounts.some((a) => a.id === '10000000-0000-4000-8000-000000000010')).toBe(true);
  });

  it('keeps no state after an incomplete run', async () => {
    const stateDir = tempDir();
    emu.setFaults({ seed: 1, throttle: 1, retryAfterSec: 0 });
    try {
      const out = await collect({ ...config(), retryBudget: 2 }, testContext(env, stateDir));
      expect(out.source.complete).toBe(false);
      expect(existsSync(stateFile(stateDir, 'it-entra'))).toBe(false);
    } finally {
      emu.setFaults(undefined);
    }
  });
});

describe('incremental collection where the service gives no delta link for "now"', () => {
  let emu: GraphEmulator;
  beforeAll(async () => {
    emu = await startGraphEmulator({ tenants: loadTenants(), delta: { objects: 100, links: 400, latest: false } });
  });
  afterAll(() => emu.close());

  it("reads the delta query's initial round instead, and later runs apply the changes", async () => {
    const stateDir = tempDir();
    const config = customCloudConfig(emu, { id: 'it-entra', tenantId: IT, clientId: clients.it.clientId, clientSecret: { env: 'S' } });
    const env = { S: clients.it.secret };
    const first = await collect(config, testContext(env, stateDir));
    expect(first.source.complete).toBe(true);
    expect(emu.counters.byPath.get('/groups/delta')).toBeGreaterThan(3);
    // Members come from the delta round, not from group-by-group listings (PIM for groups is still asked per group).
    expect(emu.counters.log.filter((l) => /^\/groups\/[^/]+\/members/.test(l))).toEqual([]);
    const tenant = emu.tenants.find((t) => t.id === IT)!;
    tenant.groups.find((g) => g.displayName === 'IT-Admins')!.members = ['10000000-0000-4000-8000-000000000003'];
    const second = await collect(config, testContext(env, stateDir));
    expect(comparable(second)).toEqual(comparable(await collect(config, testContext(env))));
    expect(second.groups.find((g) => g.name === 'IT-Admins')!.members).toEqual(['10000000-0000-4000-8000-000000000003']);
  });
});
