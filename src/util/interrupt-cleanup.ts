import { rmSync } from 'node:fs';

/**
 * Paths this process is writing and must not leave behind when it is interrupted: the temporary
 * files and directories of atomic writes, and the write locks. Ctrl-C, a scheduler's SIGTERM or a
 * closed terminal would otherwise leave `.tmp` files (possibly holding BES Cyber System Information)
 * and stale locks beside the outputs. The old output stays as it was: nothing was renamed over it.
 */
const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const path of pending) {
    try {
      rmSync(path, { force: true, recursive: true });
    } catch {
      // Best effort: the process is ending either way.
    }
  }
  pending.clear();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  installed = false;
  // With our listeners gone the signal's default action applies again: the process ends by the signal,
  // so a caller (shell, scheduler) sees the usual status (128 + signal number).
  process.kill(process.pid, signal);
}

/** Removes `path` if the process is interrupted before the returned function is called. */
export function removeOnInterrupt(path: string): () => void {
  pending.add(path);
  if (!installed) {
    for (const s of SIGNALS) process.on(s, onSignal);
    installed = true;
  }
  return () => {
    pending.delete(path);
  };
}
