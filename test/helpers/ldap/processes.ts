import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);

/** A free TCP port on 127.0.0.1 (bound and released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
}

/**
 * Pids of servers this harness started under a fixed name (a Samba forest on its loopback address). A
 * run killed in its setup hook cannot stop what it started; the next run finds the pid here and stops
 * that server, and only that one, instead of failing on a busy address. (Two runs of the Samba suites
 * cannot share one machine at the same time anyway: the forests have fixed loopback addresses.)
 */
const REGISTRY = join(tmpdir(), 'demarc-test-daemons');
const registered = new WeakMap<ChildProcess, string>();
const registryFile = (name: string): string => join(REGISTRY, `${name.replace(/[^\w.-]/g, '_')}.json`);

/** Starts a server in its own process group, its output appended to `logFile`; `name` registers its pid. */
export function startDaemon(cmd: string, args: string[], logFile: string, name?: string): ChildProcess {
  const out = openSync(logFile, 'a');
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  if (name && child.pid) {
    mkdirSync(REGISTRY, { recursive: true, mode: 0o700 });
    writeFileSync(registryFile(name), JSON.stringify({ pid: child.pid, command: basename(cmd) }));
    registered.set(child, name);
  }
  return child;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops a server an earlier run registered under `name` and left running, if its pid still runs that
 * command (a pid reused by another program is left alone). Returns whether one was stopped.
 */
export async function stopLeftover(name: string): Promise<boolean> {
  let entry: { pid: number; command: string };
  try {
    entry = JSON.parse(readFileSync(registryFile(name), 'utf8')) as { pid: number; command: string };
  } catch {
    return false;
  }
  rmSync(registryFile(name), { force: true });
  const cmdline = (() => {
    try {
      return readFileSync(`/proc/${entry.pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  })();
  if (!alive(entry.pid) || !cmdline.includes(entry.command)) return false;
  for (const [signal, waitMs] of [
    ['SIGTERM', 10_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(-entry.pid, signal);
    } catch {
      return true;
    }
    for (let t = 0; t < waitMs && alive(entry.pid); t += 100) await new Promise((r) => setTimeout(r, 100));
    if (!alive(entry.pid)) return true;
  }
  return true;
}

/** Stops a daemon this harness started (its process group, by id) and waits for it to exit. */
export async function stopDaemon(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
  const name = registered.get(child);
  if (name) rmSync(registryFile(name), { force: true });
}
