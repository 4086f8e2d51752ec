import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SYNTHETIC_CONFIG, writeSyntheticSnapshot, type EstateSpec } from './generate-estate.js';

const ROOT = join(import.meta.dirname, '..');

export const SIZES: Record<string, EstateSpec> = {
  '100k': { persons: 75_000, accounts: 100_000, groups: 20_000, memberships: 1_000_000, depth: 8 },
  '1m': { persons: 750_000, accounts: 1_000_000, groups: 200_000, memberships: 10_000_000, depth: 8 },
};

/** Generates (once, cached in the temp dir) and audits synthetic estates; prints time and peak memory. */
export async function benchCore(sizes: string[]): Promise<void> {
  const dir = join(tmpdir(), 'demarc-bench');
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'demarc.yaml');
  writeFileSync(config, SYNTHETIC_CONFIG);
  console.log('\n== core: audit of synthetic estates (whole process, every rule of integrated-soc) ==');
  console.log(
    `machine reference: ${machineReference().toFixed(2)} s (a fixed scan-and-allocate workload: about 2.1 s where the README figures were taken; more means a slower or busier machine)`,
  );
  console.log('size  accounts  groups  memberships  snapshot   load     context  rules    report   process  peak RSS  findings  CLI');
  for (const size of sizes) {
    const spec = SIZES[size];
    if (!spec) throw new Error(`unknown size ${size} (known: ${Object.keys(SIZES).join(', ')})`);
    const snap = join(dir, `estate-${size}.jsonl`);
    if (!existsSync(snap)) {
      const t = performance.now();
      await writeSyntheticSnapshot(snap, spec);
      console.log(`(generated ${snap} in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
    const out = execFileSync(process.execPath, [join(ROOT, 'bench/audit-child.mjs'), config, snap], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const r = JSON.parse(out) as Record<string, number>;
    // The same audit through the real command line, start to exit (it exits 1: the estate has findings).
    const t = performance.now();
    spawnSync(
      process.execPath,
      [
        join(ROOT, 'dist/cli/main.js'),
        'audit',
        '--config',
        config,
        '--snapshot',
        snap,
        '--format',
        'json',
        '--output',
        join(dir, 'findings.json'),
        '--quiet',
      ],
      { stdio: 'ignore' },
    );
    const cliMs = performance.now() - t;
    const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`.padEnd(9);
    console.log(
      `${size.padEnd(6)}${String(spec.accounts).padEnd(10)}${String(spec.groups).padEnd(8)}${String(r.edges).padEnd(13)}${`${(statSync(snap).size / 2 ** 20).toFixed(0)} MiB`.padEnd(11)}` +
        `${s(r.loadMs!)}${s(r.contextMs!)}${s(r.rulesMs!)}${s(r.reportMs!)}${s(r.processMs!)}${`${r.maxRssMiB!.toFixed(0)} MiB`.padEnd(10)}${String(r.findings).padEnd(10)}${s(cliMs)}`,
    );
  }
}

/**
 * A fixed workload close to what an audit does (scan a byte buffer, allocate short-lived objects), so
 * figures taken on a busy or slower machine can be compared with the published ones.
 */
function machineReference(): number {
  const t = performance.now();
  const buf = new Uint8Array(256 << 20);
  for (let i = 0; i < buf.length; i += 97) buf[i] = 10;
  let lines = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) lines++;
  const keep: { id: string; n: number }[] = [];
  for (let i = 0; i < 2_000_000; i++) keep.push({ id: `k${i}`, n: lines + i });
  return (performance.now() - t) / 1000;
}
