import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFloor, syntheticClient, syntheticTenant, syntheticTenantId } from '../graph-emulator/synthetic.js';
import { startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';
import { collect, customCloudConfig, testContext } from './harness.js';

const limits = { objects: 200, links: 500 };

describe('request efficiency on a synthetic tenant (5,000 users, 1,000 groups, 50,000 memberships)', () => {
  let emu: GraphEmulator;
  const tenant = syntheticTenant({ users: 5000, groups: 1000, memberships: 50_000 });
  const floor = requestFloor(tenant, limits);

  beforeAll(async () => {
    emu = await startGraphEmulator({ tenants: [tenant], delta: limits });
  });
  afterAll(() => emu.close());

  const run = async (membership: string) => {
    const cfg = customCloudConfig(emu, {
      id: 'syn',
      tenantId: syntheticTenantId,
      clientId: syntheticClient.clientId,
      clientSecret: { env: 'S' },
      membership,
    });
    const before = emu.counters.graphRequests;
    const ctx = testContext({ S: syntheticClient.secret });
    const out = await collect(cfg, ctx);
    if (membership !== 'delta') {
      // Counted from the start of each long read, before the first response arrives, up to the total.
      const progress = ctx.lines.filter((l) => l.level === 'progress').map((l) => l.message);
      for (const m of ['syn: 0 users read', 'syn: 0 groups read', 'syn: members of 0 of 1000 groups read']) expect(progress).toContain(m);
      expect(progress.indexOf('syn: members of 0 of 1000 groups read')).toBeLessThan(
        progress.indexOf('syn: members of 1000 of 1000 groups read'),
      );
    }
    expect(out.source.complete).toBe(true);
    expect(out.source.counts.memberships).toBe(50_000);
    expect(out.source.stats!.requests).toBe(emu.counters.graphRequests - before);
    return out.source.stats!.requests!;
  };

  it('$batch needs at most 1.1x the minimum its endpoints allow and at least 5x fewer requests than per-group listing', async () => {
    const batch = await run('batch');
    expect(batch).toBeLessThanOrEqual(Math.ceil(floor.batch * 1.1));
    expect(floor.naive999 / batch).toBeGreaterThanOrEqual(5);
  });

  it('the per-group approach costs what the naive count says (so the comparison is measured, not assumed)', async () => {
    const perGroup = await run('per-group');
    const memberPages = tenant.groups.reduce((n, g) => n + Math.max(1, Math.ceil(g.members!.length / 999)), 0);
    // users, groups and the other reads are the same; memberships and PIM for groups take one request per page instead of one per 20
    expect(perGroup).toBe(floor.batch - Math.ceil(memberPages / 20) + memberPages - Math.ceil(floor.pimGroups / 20) + floor.pimGroups);
  });

  it('the delta query needs exactly the pages its limits allow', async () => {
    expect(await run('delta')).toBe(floor.delta);
  });
});
