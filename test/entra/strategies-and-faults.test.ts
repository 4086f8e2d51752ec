import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectedSource } from '../../src/model/collected.js';
import { clients, IT, loadTenants } from '../graph-emulator/fixtures.js';
import { startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';
import { collect, comparable, customCloudConfig, testContext } from './harness.js';

const itConfig = (emu: GraphEmulator, extra: Record<string, unknown> = {}) =>
  customCloudConfig(emu, { id: 'it-entra', tenantId: IT, clientId: clients.it.clientId, clientSecret: { env: 'IT_SECRET' }, ...extra });
const ctx = () => testContext({ IT_SECRET: clients.it.secret });

describe('membership strategies and fault tolerance', () => {
  let emu: GraphEmulator;
  let baseline: CollectedSource;

  beforeAll(async () => {
    // Small delta pages so that the delta round spreads the large group over several pages.
    emu = await startGraphEmulator({ tenants: loadTenants(), delta: { objects: 50, links: 300 } });
    baseline = await collect(itConfig(emu, { membership: 'batch' }), ctx());
  });
  afterAll(() => emu.close());

  it('gives the same snapshot by $batch, by one request per group, and by the delta query', async () => {
    expect(baseline.source.complete).toBe(true);
    const perGroup = await collect(itConfig(emu, { membership: 'per-group' }), ctx());
    const delta = await collect(itConfig(emu, { membership: 'delta' }), ctx());
    expect(comparable(perGroup)).toEqual(comparable(baseline));
    expect(comparable(delta)).toEqual(comparable(baseline));
    // $batch packs the 5 groups' first pages into one request; per-group needs one request per page.
    expect(baseline.source.stats!.requests).toBeLessThan(perGroup.source.stats!.requests!);
  });

  it('asks role assignments role by role when Graph answers that a filter is required, with the same result', async () => {
    const tenant = emu.tenants.find((t) => t.id === IT)!;
    tenant.rolesRequireFilter = true;
    try {
      for (const membership of ['batch', 'delta']) {
        const out = await collect(itConfig(emu, { membership }), ctx());
        expect(out.source.complete, JSON.stringify(out.source.problems)).toBe(true);
        expect(comparable(out)).toEqual(comparable(baseline));
      }
    } finally {
      tenant.rolesRequireFilter = undefined;
    }
  });

  it('yields an identical snapshot when 10% of requests are throttled and some fail or drop', async () => {
    emu.setFaults({ seed: 7, throttle: 0.1, unavailable: 0.03, drop: 0.03, slow: 0.03, slowMs: 200, retryAfterSec: 1 });
    try {
      const faultyCtx = ctx();
      const faulty = await collect(itConfig(emu, { membership: 'batch' }), faultyCtx);
      expect(faultyCtx.lines).toContainEqual({
        level: 'debug',
        message: expect.stringMatching(/^it-entra: retrying \/\S+ in \d+ ms \(HTTP 429\)$/),
      });
      expect(faulty.source.complete, JSON.stringify(faulty.source.problems)).toBe(true);
      expect(comparable(faulty)).toEqual(comparable(baseline));
      expect(emu.counters.faults).toBeGreaterThan(0);
      expect(faulty.source.stats!.retries).toBeGreaterThan(0);
      expect(faulty.source.stats!.throttleWaitMs).toBeGreaterThan(0);
    } finally {
      emu.setFaults(undefined);
    }
  });

  it('retries throttled requests inside $batch responses and in the delta stream', async () => {
    emu.setFaults({ seed: 11, throttle: 0.2, retryAfterSec: 0 });
    try {
      const before = emu.counters.faults;
      const batch = await collect(itConfig(emu, { membership: 'batch', retryBudget: 200 }), ctx());
      const delta = await collect(itConfig(emu, { membership: 'delta', retryBudget: 200 }), ctx());
      expect(emu.counters.faults).toBeGreaterThan(before);
      expect(comparable(batch)).toEqual(comparable(baseline));
      expect(comparable(delta)).toEqual(comparable(baseline));
    } finally {
      emu.setFaults(undefined);
    }
  });

  it('reports the source incomplete, naming the tenant, when the retry budget runs out', async () => {
    emu.setFaults({ seed: 3, throttle: 1, retryAfterSec: 0 });
    try {
      const out = await collect(itConfig(emu, { retryBudget: 5 }), ctx());
      expect(out.source.complete).toBe(false);
      const p = out.source.problems.find((x) => x.code === 'throttled-out');
      expect(p?.level).toBe('incomplete');
      expect(p?.message).toContain(`tenant ${IT}`);
      expect(p?.message).toMatch(/retry budget of 5 exhausted/);
      expect(out.source.stats!.retries).toBe(5);
      expect(out.source.notCollected.length).toBeGreaterThan(0);
    } finally {
      emu.setFaults(undefined);
    }
  });

  it('gives up on an answer that does not come within the request timeout, and retries it', async () => {
    emu.setFaults({ seed: 5, slow: 0.15, slowMs: 1500 });
    try {
      const out = await collect(itConfig(emu, { requestTimeoutMs: 1000, membership: 'batch' }), ctx());
      expect(out.source.complete, JSON.stringify(out.source.problems)).toBe(true);
      expect(out.source.stats!.retries).toBeGreaterThan(0);
      expect(comparable(out)).toEqual(comparable(baseline));
    } finally {
      emu.setFaults(undefined);
    }
  });
});
