import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';
import { ROOT } from '../helpers/cli.js';
import { serversAvailable } from '../helpers/ldap/availability.js';
import { SAMBA_BINARIES } from '../helpers/ldap/samba.js';
import { Report } from '../../src/model/findings.js';
import { startConformanceForests, type ConformanceForests } from './forests.js';
import { conformanceWorkspace } from './run-audit.js';
import { loadConformanceTenants } from './tenants.js';

const available = serversAvailable('snapshot merged with live sources', SAMBA_BINARIES);
const BIN = join(ROOT, 'dist/cli/main.js');
const NOW = '2026-12-01T12:00:00Z';
const OT_SOURCES = ['ot-ad', 'ot-entra'];

interface Run {
  code: number;
  stderr: string;
}

/** The built CLI, without blocking this process (the Graph emulator answers from it). */
function demarc(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

/**
 * The air-gapped flow on real directories: the OT forest (Samba AD on 127.0.0.8) and the OT tenant are
 * collected to a signed snapshot by an OT-only configuration, as a collector inside the OT network would;
 * the snapshot is then audited merged with the IT forest and tenant read live. The merged run must report
 * what one live run over all four directories reports.
 */
describe.skipIf(!available)('a snapshot of the OT forest merged with the live IT sources', () => {
  let estate: ConformanceForests | undefined;
  let emulator: GraphEmulator | undefined;
  let dir: string;
  let env: Record<string, string>;
  const runs: Record<string, Run> = {};

  beforeAll(async () => {
    estate = await startConformanceForests();
    emulator = await startGraphEmulator({ tenants: await loadConformanceTenants(estate.forests) });
    dir = conformanceWorkspace(emulator.url);
    env = {
      NORTHFIELD_IT_AD_PASSWORD: estate.forests.it.readerPw,
      NORTHFIELD_OT_AD_PASSWORD: estate.forests.ot.readerPw,
      NORTHFIELD_IT_ENTRA_SECRET: 'northfield-it-collector-secret',
      NORTHFIELD_OT_ENTRA_SECRET: 'northfield-ot-collector-secret',
    };
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', join(dir, 'ot-key.pem')]);
    execFileSync('openssl', ['pkey', '-in', join(dir, 'ot-key.pem'), '-pubout', '-out', join(dir, 'ot-key.pub.pem')]);
    const full = parse(readFileSync(join(dir, 'demarc.yaml'), 'utf8')) as { sources: { id: string }[]; timeZone: string };
    // Inside the OT network: only the OT directories, one zone for them.
    const otConfig = {
      version: 1,
      timeZone: full.timeZone,
      sources: full.sources.filter((s) => OT_SOURCES.includes(s.id)),
      zones: [{ id: 'ot', sources: OT_SOURCES }],
      policies: ['integrated-soc'],
    };
    writeFileSync(join(dir, 'ot.yaml'), stringify(otConfig));
    const snapshotSource = {
      id: 'ot-snapshot',
      kind: 'snapshot',
      file: 'ot.snapshot.jsonl.gz',
      sources: OT_SOURCES,
      publicKey: 'ot-key.pub.pem',
      maxAge: 'P1D',
    };
    writeFileSync(
      join(dir, 'merged.yaml'),
      stringify({ ...full, sources: [...full.sources.filter((s) => !OT_SOURCES.includes(s.id)), snapshotSource] }),
    );
    runs.live = await demarc(['audit', '-c', 'demarc.yaml', '-f', 'json', '-o', 'live.json', '--now', NOW], env, dir);
    runs.collect = await demarc(
      ['collect', '-c', 'ot.yaml', '-o', 'ot.snapshot.jsonl.gz', '--sign-key', 'ot-key.pem', '--now', NOW],
      // The OT collector has only the OT secrets.
      { NORTHFIELD_OT_AD_PASSWORD: env.NORTHFIELD_OT_AD_PASSWORD!, NORTHFIELD_OT_ENTRA_SECRET: env.NORTHFIELD_OT_ENTRA_SECRET! },
      dir,
    );
    runs.merged = await demarc(['audit', '-c', 'merged.yaml', '-f', 'json', '-o', 'merged.json', '--now', NOW], env, dir);
  }, 900_000);

  afterAll(async () => {
    await emulator?.close();
    await estate?.stop();
  });

  const report = (name: string) => Report.parse(JSON.parse(readFileSync(join(dir, name), 'utf8')));

  it('the OT collection is complete and signed', () => {
    expect(runs.collect!.code, runs.collect!.stderr).toBe(0);
    expect(readFileSync(join(dir, 'ot.snapshot.jsonl.gz.sig.json'), 'utf8')).toContain('"algorithm": "Ed25519"');
  });

  it('the merged run reports the findings of the all-live run', () => {
    expect(runs.live!.code, runs.live!.stderr).toBe(1);
    expect(runs.merged!.code, runs.merged!.stderr).toBe(1);
    const live = report('live.json');
    const merged = report('merged.json');
    expect(live.complete).toBe(true);
    expect(merged.complete).toBe(true);
    const key = (f: (typeof live.findings)[number]) => JSON.stringify([f.fingerprint, f.status, f.severity, f.chains]);
    expect(merged.findings.map(key).sort()).toEqual(live.findings.map(key).sort());
    // A cross-forest finding needs both sides: the conformance estate has them.
    expect(merged.findings.length).toBeGreaterThan(5);
    expect(merged.summary).toEqual(live.summary);
  });

  it('the OT sources carry the snapshot they came from; the IT ones were read live', () => {
    const merged = report('merged.json');
    for (const id of OT_SOURCES) {
      const s = merged.sources.find((x) => x.id === id)!;
      expect(s.snapshot?.via).toBe('ot-snapshot');
      expect(s.snapshot?.signedBy).toMatch(/^[0-9a-f]{64}$/);
      expect(s.snapshot?.createdAt).toBe('2026-12-01T12:00:00.000Z');
    }
    expect(merged.sources.find((x) => x.id === 'ot-ad')!.origin.endpoint).toContain('127.0.0.8');
    expect(merged.sources.find((x) => x.id === 'it-ad')!.snapshot).toBeUndefined();
  });
});
