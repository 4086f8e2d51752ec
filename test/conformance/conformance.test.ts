import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';
import { serversAvailable } from '../helpers/ldap/availability.js';
import { SAMBA_BINARIES } from '../helpers/ldap/samba.js';
import { readAnswerKey } from './answer-key.js';
import { startConformanceForests, type ConformanceForests } from './forests.js';
import { auditLive, conformanceWorkspace, type AuditRun } from './run-audit.js';
import { passed, score, scoreTable } from './score.js';
import { loadConformanceTenants } from './tenants.js';

const available = serversAvailable('conformance estate', SAMBA_BINARIES);

/**
 * The conformance estate (fixtures/conformance): two Samba AD forests and two Entra tenants written from the
 * vendors' documentation, audited live by the built CLI with Graph faults on, and scored against expected.json.
 */
describe.skipIf(!available)('conformance estate, live', () => {
  let estate: ConformanceForests | undefined;
  let emulator: GraphEmulator | undefined;
  let run: AuditRun;

  beforeAll(async () => {
    estate = await startConformanceForests();
    emulator = await startGraphEmulator({
      tenants: await loadConformanceTenants(estate.forests),
      // One Graph request in ten answered 429 (with Retry-After) or 503, from a fixed seed.
      faults: { seed: 15, throttle: 0.05, unavailable: 0.05, retryAfterSec: 1 },
    });
    const dir = conformanceWorkspace(emulator.url);
    run = await auditLive(
      dir,
      {
        NORTHFIELD_IT_AD_PASSWORD: estate.forests.it.readerPw,
        NORTHFIELD_OT_AD_PASSWORD: estate.forests.ot.readerPw,
        NORTHFIELD_IT_ENTRA_SECRET: 'northfield-it-collector-secret',
        NORTHFIELD_OT_ENTRA_SECRET: 'northfield-ot-collector-secret',
      },
      '2026-12-01T12:00:00Z',
    );
  }, 600_000);

  afterAll(async () => {
    await emulator?.close();
    await estate?.stop();
  });

  it('the faults were injected', () => {
    expect(emulator!.counters.faults).toBeGreaterThan(0);
  });

  it('scores every case of expected.json', () => {
    const results = score(readAnswerKey(), run.report);
    const table = scoreTable(results);
    console.log(
      `demarc audit exited ${run.code}${run.report ? `; report complete: ${run.report.complete}` : '; no report written'}\n${table}` +
        (run.report ? '' : `\nstderr:\n${run.stderr}`),
    );
    const failures = results.filter((r) => !passed(r)).map((r) => `${r.case.id} (${r.case.class}, ${r.outcome}): ${r.detail}`);
    expect(failures, table).toEqual([]);
  });
});
