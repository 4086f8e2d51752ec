import { EntraSourceConfig } from '../src/connectors/entra/config.js';
import { entraConnector } from '../src/connectors/entra/entra-connector.js';
import { pkiDir, startGraphEmulator } from '../test/graph-emulator/server.js';
import { requestFloor, syntheticClient, syntheticTenant, syntheticTenantId } from '../test/graph-emulator/synthetic.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const deltaLimits = { objects: 200, links: 500 };

/**
 * Collects a synthetic tenant from the Graph emulator with per-request latency: a full read by `$batch`,
 * the delta query's initial round for comparison, and a scheduled scan's first and next (unchanged) run
 * with a state directory. Prints requests and wall time against the naive per-group count and the
 * minimum the endpoints allow.
 */
export async function benchEntra(opts: { users: number; groups: number; memberships: number; latencyMs: number }): Promise<void> {
  const tenant = syntheticTenant(opts);
  const floor = requestFloor(tenant, deltaLimits);
  const emu = await startGraphEmulator({ tenants: [tenant], latencyMs: opts.latencyMs, delta: deltaLimits });
  const stateDir = mkdtempSync(join(tmpdir(), 'demarc-bench-entra-'));
  const ctx = (withState: boolean) => ({
    baseDir: pkiDir,
    now: new Date(),
    timeZone: 'UTC',
    env: { S: syntheticClient.secret },
    progress: () => undefined,
    log: () => undefined,
    ...(withState ? { stateDir } : {}),
  });
  const config = (membership: string) =>
    EntraSourceConfig.parse({
      id: 'synthetic',
      kind: 'entra',
      cloud: 'custom',
      authorityHost: emu.url,
      graphEndpoint: emu.url,
      caFile: 'ca.pem',
      tenantId: syntheticTenantId,
      clientId: syntheticClient.clientId,
      clientSecret: { env: 'S' },
      membership,
    });
  const run = async (label: string, membership: string, withState: boolean, minimum?: number): Promise<number> => {
    const t0 = performance.now();
    const out = await entraConnector.collect(config(membership), ctx(withState));
    const ms = performance.now() - t0;
    const req = out.source.stats?.requests ?? 0;
    const vsMin = minimum ? ` (${(req / minimum).toFixed(3)}x the minimum ${minimum})` : '';
    const vsNaive = `${(floor.naive999 / Math.max(1, req)).toFixed(1)}x fewer than naive`;
    console.log(
      `  ${label.padEnd(40)} ${String(req).padStart(6)} requests${vsMin}, ${vsNaive}; ${(ms / 1000).toFixed(1)} s; complete=${out.source.complete}`,
    );
    return req;
  };
  try {
    console.log(`entra: ${opts.users} users, ${opts.groups} groups, ${opts.memberships} memberships, ${opts.latencyMs} ms per request`);
    console.log(
      `  naive (list groups, then each group's members): ${floor.naive999} requests with $top=999, ${floor.naiveDefault} with the default page size`,
    );
    const batch = await run('full read by $batch (default)', 'batch', false, floor.batch);
    await run('delta query initial round (comparison)', 'delta', false, floor.delta);
    await run('scheduled scan, first run', 'auto', true, floor.batch + 2);
    await run('scheduled scan, next run (no changes)', 'auto', true);
    const fewer = floor.naive999 / batch;
    const ofMin = batch / floor.batch;
    console.log(
      `  goal: ${fewer.toFixed(1)}x fewer requests than naive (>= 5: ${fewer >= 5 ? 'met' : 'NOT met'}), ${ofMin.toFixed(3)}x the minimum (<= 1.1: ${ofMin <= 1.1 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await emu.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchEntra({ users: 50_000, groups: 10_000, memberships: 500_000, latencyMs: Number(process.env.LATENCY_MS ?? 30) });
}
