import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'dist/cli/main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /**
   * A guard, not a timing assertion: a CLI still running after this long is killed and the result says
   * so (exit -1), so a hung command fails its test instead of hanging the whole run.
   */
  guardMs?: number;
}

const GUARD_MS = 300_000;
const guardNote = (ms: number): string => `\n[test guard: demarc was still running after ${ms} ms and was killed]\n`;

/** Runs the built CLI (npm test builds first) as a user would. */
export function demarc(args: string[], opts: CliOptions = {}): CliResult {
  const guardMs = opts.guardMs ?? GUARD_MS;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    timeout: guardMs,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  const killed = r.signal === 'SIGKILL' && r.error !== undefined;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr + (killed ? guardNote(guardMs) : '') };
}

/**
 * Runs the built CLI without blocking this process: needed whenever the test itself serves what the CLI
 * talks to (a relay, the Graph emulator), since a synchronous spawn would stop those from answering.
 */
export function demarcAsync(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const guardMs = opts.guardMs ?? GUARD_MS;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let guarded = false;
    const guard = setTimeout(() => {
      guarded = true;
      child.kill('SIGKILL');
    }, guardMs);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', (e) => {
      clearTimeout(guard);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(guard);
      resolvePromise({ code: code ?? -1, stdout, stderr: stderr + (guarded ? guardNote(guardMs) : '') });
    });
  });
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'demarc-test-'));

/** Writes files into a fresh temp dir and returns its path. */
export function workspace(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export const DEMO_CONFIG = join(ROOT, 'fixtures/demo/demarc.yaml');
export const DEMO_SNAPSHOT = join(ROOT, 'fixtures/demo/estate.snapshot.jsonl');
