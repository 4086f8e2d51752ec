import { open, readFile, unlink } from 'node:fs/promises';
import { InputError } from './errors.js';
import { removeOnInterrupt } from './interrupt-cleanup.js';
import { FileWriteError } from './file-errors.js';

/**
 * One writer per output path: `<path>.lock` holds the pid of the demarc writing it. A second writer is
 * refused (two collects to one snapshot would otherwise both "succeed" with one result lost); a lock left
 * by a process that no longer exists (killed, machine rebooted) is taken over. Re-entrant within one
 * process, so a command can take the lock before a long collection and the writer take it again.
 */
const held = new Map<string, number>();
/** The interrupt clean-up registration of each lock held, so an interrupted demarc leaves no stale lock. */
const forgetters = new Map<string, () => void>();

export const lockPath = (path: string): string => `${path}.lock`;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function holderOf(lock: string): Promise<number | undefined> {
  const text = await readFile(lock, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Takes the lock on `path`; returns the function that releases it. */
export async function acquireWriteLock(path: string): Promise<() => Promise<void>> {
  const lock = lockPath(path);
  const depth = held.get(lock);
  if (depth !== undefined) {
    held.set(lock, depth + 1);
    return () => release(lock);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(lock, 'wx', 0o600);
      forgetters.set(lock, removeOnInterrupt(lock));
      try {
        await fh.writeFile(`${process.pid}\n`);
      } finally {
        await fh.close();
      }
      held.set(lock, 1);
      return () => release(lock);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new FileWriteError(lock, e);
      const pid = await holderOf(lock);
      if (pid !== undefined && pid !== process.pid && alive(pid))
        throw new InputError(
          `another demarc (pid ${pid}) is writing this file`,
          { file: path },
          `wait for it to finish, or remove ${lock} if no demarc is running`,
        );
      // Stale (dead holder, or an empty file from a writer killed between create and write): take it over.
      await unlink(lock).catch(() => undefined);
    }
  }
  throw new InputError('could not take the write lock', { file: path }, `remove ${lock} if no demarc is running`);
}

async function release(lock: string): Promise<void> {
  const depth = held.get(lock) ?? 0;
  if (depth > 1) {
    held.set(lock, depth - 1);
    return;
  }
  held.delete(lock);
  forgetters.get(lock)?.();
  forgetters.delete(lock);
  if ((await holderOf(lock)) === process.pid) await unlink(lock).catch(() => undefined);
}
