import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, IT, loadTenants } from '../graph-emulator/fixtures.js';
import { startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';
import { collect, customCloudConfig, testContext } from './harness.js';

describe('failures are reported, named and never silently partial', () => {
  let emu: GraphEmulator;
  beforeAll(async () => {
    emu = await startGraphEmulator({ tenants: loadTenants() });
  });
  afterAll(() => emu.close());

  const config = (extra: Record<string, unknown>) =>
    customCloudConfig(emu, { id: 'it-entra', tenantId: IT, clientId: clients.it.clientId, clientSecret: { env: 'SECRET' }, ...extra });

  it('a wrong client secret: incomplete, naming the tenant and the authority error, without the secret', async () => {
    const out = await collect(config({}), testContext({ SECRET: 'not-the-secret' }));
    expect(out.source.complete).toBe(false);
    expect(out.accounts).toEqual([]);
    const p = out.source.problems[0]!;
    expect(p).toMatchObject({ level: 'incomplete', code: 'authentication-failed' });
    expect(p.message).toContain(`tenant ${IT}`);
    expect(p.message).toContain('AADSTS7000215');
    expect(JSON.stringify(out)).not.toContain('not-the-secret');
    expect(out.source.notCollected[0]!.reason).toMatch(/^not collected, because /);
  });

  it('an unknown tenant: incomplete, with the AADSTS90002 answer', async () => {
    const out = await collect(config({ tenantId: 'c3333333-3333-4333-8333-333333333333' }), testContext({ SECRET: clients.it.secret }));
    expect(out.source.complete).toBe(false);
    expect(out.source.problems[0]!.message).toMatch(/tenant c3333333-3333-4333-8333-333333333333.*AADSTS90002/);
  });

  it('a missing permission: the rest is collected, memberships are "not collected", naming tenant and permission', async () => {
    const out = await collect(config({ clientId: clients.itLimited.clientId }), testContext({ SECRET: clients.itLimited.secret }));
    expect(out.source.complete).toBe(false);
    expect(out.accounts.length).toBeGreaterThan(1000);
    expect(out.groups).toEqual([]);
    expect(out.source.notCollected).toContainEqual({
      what: 'groups',
      reason:
        'not collected, because the application lacks the GroupMember.Read.All application permission (Graph answered 403 Authorization_RequestDenied)',
    });
    expect(out.source.notCollected.map((n) => n.what)).toContain('group memberships');
    const p = out.source.problems.find((x) => x.code === 'permission-missing')!;
    expect(p.level).toBe('incomplete');
    expect(p.message).toContain(`tenant ${IT}`);
    expect(p.message).toContain('GroupMember.Read.All');
  });

  // A tenant without Entra ID P2 has no PIM (https://learn.microsoft.com/entra/id-governance/privileged-identity-management/subscription-requirements);
  // Graph refuses its reads with 400 AadPremiumLicenseRequired (microsoft/EntraExporter#61).
  it('PIM without its licence: role eligibility is a warning, PIM for groups leaves the source incomplete until the configuration records its absence', async () => {
    const tenant = emu.tenants.find((t) => t.id === IT)!;
    tenant.licensed = { pim: false };
    try {
      const out = await collect(config({}), testContext({ SECRET: clients.it.secret }));
      expect(out.source.complete).toBe(false);
      const refused = out.source.problems.filter((p) => p.code === 'feature-unavailable');
      expect(refused.map((p) => [p.level, p.message.split(' not collected')[0]])).toEqual([
        ['warning', `tenant ${IT}: PIM-eligible directory role assignments`],
        ['incomplete', `tenant ${IT}: PIM for groups eligibility`],
      ]);
      expect(refused[1]!.message).toContain('AadPremiumLicenseRequired');
      expect(refused[1]!.message).toContain('pimForGroups: { available: false, reason: ... }');
      expect(out.roleAssignments.every((r) => r.state === 'active')).toBe(true);

      const before = emu.counters.log.length;
      const declared = await collect(
        config({ pimForGroups: { available: false, reason: 'no Entra ID P2 licence' } }),
        testContext({ SECRET: clients.it.secret }),
      );
      expect(declared.source.complete, JSON.stringify(declared.source.problems)).toBe(true);
      expect(declared.source.notCollected).toContainEqual({
        what: 'PIM for groups eligibility',
        reason: 'not collected, because the configuration records that the tenant has none (no Entra ID P2 licence)',
      });
      expect(declared.source.problems).toContainEqual({
        level: 'warning',
        code: 'feature-declared-absent',
        message: `tenant ${IT}: PIM for groups eligibility not collected, because the configuration records that the tenant has none (no Entra ID P2 licence)`,
      });
      // Declared absent: not asked at all.
      expect(emu.counters.log.slice(before).filter((l) => l.includes('privilegedAccess'))).toEqual([]);
    } finally {
      tenant.licensed = undefined;
    }
  });

  // Graph lists users 999 to a page at most and gives the rest behind @odata.nextLink
  // (https://learn.microsoft.com/graph/paging, https://learn.microsoft.com/graph/api/user-list).
  // A listing that fails on a later page keeps the pages it read, and says so: the source is incomplete.
  it('a user listing that fails part-way keeps the pages read before the failure, and says how many', async () => {
    emu.setFaults({ seed: 11, unavailable: 1, only: /^\/v1\.0\/users\?.*\$skiptoken=/ });
    try {
      const out = await collect(config({ retryBudget: 0, incremental: false }), testContext({ SECRET: clients.it.secret }));
      expect(out.source.complete).toBe(false);
      expect(out.accounts.filter((a) => a.type === 'user' || a.type === 'guest')).toHaveLength(999);
      const entry = out.source.notCollected.find((n) => n.what === 'users')!;
      expect(entry.reason).toMatch(/^not collected, because .*; the 999 read before the failure are kept$/);
      const p = out.source.problems.find((x) => x.message.includes(': users not collected, because '))!;
      expect(p.level).toBe('incomplete');
      expect(p.message).toMatch(/the 999 read before the failure are kept$/);
      // The groups were read in full and are not affected.
      expect(out.groups.find((g) => g.name === 'All Staff')).toBeDefined();
    } finally {
      emu.setFaults(undefined);
    }
  });

  it('sign-in activity that the tenant cannot give is a warning, users are still read', async () => {
    const out = await collect(config({ signInActivity: true }), testContext({ SECRET: clients.it.secret }));
    expect(out.source.complete).toBe(true);
    expect(out.source.notCollected).toContainEqual(
      expect.objectContaining({ what: "users' sign-in activity", reason: expect.stringContaining('AuditLog.Read.All') }),
    );
    expect(out.accounts.length).toBeGreaterThan(1000);
  });

  it('renews a token that stops being accepted during the run', async () => {
    // Tokens announced for an hour but accepted for 0.3 s: Graph answers 401 part-way and the connector must renew.
    const short = await startGraphEmulator({ tenants: loadTenants(), token: { validSec: 0.3 }, latencyMs: 40 });
    try {
      const cfg = customCloudConfig(short, {
        id: 'it-entra',
        tenantId: IT,
        clientId: clients.it.clientId,
        clientSecret: { env: 'SECRET' },
        concurrency: 1,
      });
      const out = await collect(cfg, testContext({ SECRET: clients.it.secret }));
      expect(out.source.complete, JSON.stringify(out.source.problems)).toBe(true);
      expect(short.counters.tokenRequests).toBeGreaterThanOrEqual(2);
      expect(out.groups.find((g) => g.name === 'All Staff')!.members).toHaveLength(1204);
    } finally {
      await short.close();
    }
  });

  it('does not trust the emulator without its CA, and does not retry TLS failures', async () => {
    const out = await collect(config({ caFile: undefined }), testContext({ SECRET: clients.it.secret }));
    expect(out.source.complete).toBe(false);
    expect(out.source.problems[0]!.message).toMatch(/certificate|self.signed|issuer/i);
    expect(out.source.stats!.requests).toBe(0);
  });

  it('a missing secret variable is a configuration error', async () => {
    await expect(collect(config({}), testContext({}))).rejects.toThrow(/environment variable SECRET is not set/);
  });
});
