import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCli, type CliRun } from './run-cli.js';
import { SHAPES, configFor, writeSyntheticSnapshot, type EstateSpec, type Shape } from './generate-estate.js';

const ROOT = join(import.meta.dirname, '..');

export const SIZES: Record<string, EstateSpec> = {
  '100k': { persons: 75_000, accounts: 100_000, groups: 20_000, memberships: 1_000_000, depth: 8 },
  '1m': { persons: 750_000, accounts: 1_000_000, groups: 200_000, memberships: 10_000_000, depth: 8 },
};

/** Where generated estates are cached between runs (generation takes about a minute at 1M). */
export const BENCH_DIR = join(tmpdir(), 'demarc-bench');

/** The snapshot of a shape at a size, generated on first use; returns its path and its configuration's. */
export async function benchEstate(shape: Shape, size: string): Promise<{ snapshot: string; config: string; spec: EstateSpec }> {
  const base = SIZES[size];
  if (!base) throw new Error(`unknown size ${size} (known: ${Object.keys(SIZES).join(', ')})`);
  const spec = { ...base, shape };
  mkdirSync(BENCH_DIR, { recursive: true });
  const config = join(BENCH_DIR, `demarc-${shape}.yaml`);
  writeFileSync(config, configFor(shape));
  // The project's own estate keeps its old file name, so caches from earlier runs stay valid.
  const snapshot = join(BENCH_DIR, shape === 'project' ? `estate-${size}.jsonl` : `estate-${shape}-${size}.jsonl`);
  if (!existsSync(snapshot)) {
    const t = performance.now();
    await writeSyntheticSnapshot(snapshot, spec);
    console.log(`(generated ${snapshot} in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  return { snapshot, config, spec };
}

interface Row {
  shape: Shape;
  size: string;
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
}

/**
 * For each shape and size: one in-process audit for its phases (bench/audit-child.mjs), then the same
 * audit through the real command line, start to exit, for whole-process wall time, CPU time (user +
 * system: above wall time when more than one core works) and peak RSS. Then, per shape, how each grew
 * from the smallest size to the largest (10x the accounts: 10x is linear).
 */
export async function benchCore(sizes: string[], shapes: readonly Shape[] = SHAPES): Promise<void> {
  console.log('\n== core: audit of synthetic estates (every rule of integrated-soc; shapes in docs/performance.md) ==');
  console.log(
    `machine reference: ${machineReference().toFixed(2)} s (a fixed scan-and-allocate workload: about 0.6 s where the README figures were taken; more means a slower or busier machine)`,
  );
  console.log(
    'shape         size  accounts  memberships  snapshot   load     context  rules    report   wall     CPU      peak RSS  findings  JSON',
  );
  const rows: Row[] = [];
  const threadRows: { shape: Shape; size: string; one: CliRun; all: CliRun }[] = [];
  for (const shape of shapes) {
    for (const size of sizes) {
      const { snapshot, config, spec } = await benchEstate(shape, size);
      const findings = join(BENCH_DIR, `findings-${shape}-${size}.json`);
      const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`.padEnd(9);
      const head = `${shape.padEnd(14)}${size.padEnd(6)}${String(spec.accounts).padEnd(10)}`;
      let r: Record<string, number>;
      try {
        r = JSON.parse(
          execFileSync(process.execPath, [join(ROOT, 'bench/audit-child.mjs'), config, snapshot, `${findings}.phases`], {
            cwd: ROOT,
            encoding: 'utf8',
            maxBuffer: 1 << 26,
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        ) as Record<string, number>;
      } catch (e) {
        // A shape that does not fit is a figure too: say why, and go on with the others.
        console.log(`${head}failed: ${whyFailed(e)}`);
        continue;
      } finally {
        rmSync(`${findings}.phases`, { force: true });
      }
      // The same audit through the real command line (it exits 1: the estate has findings).
      const args = ['audit', '--config', config, '--snapshot', snapshot, '--format', 'json', '--output', findings, '--quiet'];
      const cli = runCli(args);
      rows.push({ shape, size, wallMs: cli.wallMs, cpuMs: cli.cpuMs, rssMiB: cli.maxRssMiB });
      // At the largest size, the same run on one thread: what the second core buys (the snapshot read).
      if (size === sizes[sizes.length - 1]) threadRows.push({ shape, size, one: runCli([...args, '--threads', '1']), all: cli });
      console.log(
        `${head}${String(r.edges).padEnd(13)}${`${(statSync(snapshot).size / 2 ** 20).toFixed(0)} MiB`.padEnd(11)}` +
          `${s(r.loadMs!)}${s(r.contextMs!)}${s(r.rulesMs!)}${s(r.reportMs!)}${s(cli.wallMs)}${s(cli.cpuMs)}${`${cli.maxRssMiB.toFixed(0)} MiB`.padEnd(10)}` +
          `${String(r.findings).padEnd(10)}${(r.outputBytes! / 2 ** 20).toFixed(0)} MiB`,
      );
    }
  }
  console.log(`threads: the CLI audit at ${sizes[sizes.length - 1]} with --threads 1 and with the default (${availableParallelism()}):`);
  for (const t of threadRows) {
    const f = (r: CliRun): string =>
      `${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU, ${r.maxRssMiB.toFixed(0)} MiB`;
    console.log(`  ${t.shape.padEnd(14)}one thread ${f(t.one)}; default ${f(t.all)}`);
  }
  if (sizes.length < 2) return;
  const [from, to] = [sizes[0]!, sizes[sizes.length - 1]!];
  const accounts = SIZES[to]!.accounts / SIZES[from]!.accounts;
  console.log(`growth from ${from} to ${to} (${accounts}x the accounts; ${accounts}x is linear):`);
  for (const shape of shapes) {
    const a = rows.find((r) => r.shape === shape && r.size === from);
    const b = rows.find((r) => r.shape === shape && r.size === to);
    if (!a || !b) {
      console.log(`  ${shape.padEnd(14)}not measured: a size failed`);
      continue;
    }
    const x = (p: number, q: number): string => `${(q / p).toFixed(1)}x`.padEnd(8);
    console.log(`  ${shape.padEnd(14)}wall ${x(a.wallMs, b.wallMs)}CPU ${x(a.cpuMs, b.cpuMs)}peak RSS ${x(a.rssMiB, b.rssMiB)}`);
  }
}

/** The reason a child process failed, in a line: V8's fatal error if it ran out of heap, else its last words. */
function whyFailed(e: unknown): string {
  const err = e as { stderr?: string; status?: number | null; signal?: string | null };
  const stderr = String(err.stderr ?? '');
  const fatal = /FATAL ERROR: (.*)/.exec(stderr)?.[1];
  if (fatal) return `${fatal} (the findings are held in memory until written: docs/performance.md)`;
  const last = stderr.trim().split('\n').pop();
  return `exit ${err.status ?? err.signal ?? '?'}${last ? `: ${last}` : ''}`;
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
