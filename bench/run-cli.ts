import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface CliRun {
  /** Start to exit, as the caller sees it. */
  wallMs: number;
  /** User + system CPU time of the process (above wallMs when it used more than one core). */
  cpuMs: number;
  maxRssMiB: number;
  code: number;
}

/** Runs `demarc ARGS` (the built CLI) as its own process, to its exit, and returns what it cost. */
export function runCli(args: string[], cwd = join(import.meta.dirname, '..')): CliRun {
  const dir = mkdtempSync(join(tmpdir(), 'demarc-bench-usage-'));
  const usage = join(dir, 'usage.json');
  try {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(import.meta.dirname, 'cli-child.mjs'), ...args], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DEMARC_BENCH_USAGE: usage },
      maxBuffer: 1 << 26,
    });
    const wallMs = performance.now() - t;
    let u: { code: number; cpuMs: number; maxRssMiB: number };
    try {
      u = JSON.parse(readFileSync(usage, 'utf8')) as typeof u;
    } catch {
      throw new Error(`demarc ${args[0]} did not finish (signal ${r.signal ?? 'none'}): ${r.stderr?.toString().slice(-2000)}`);
    }
    return { wallMs, ...u };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
