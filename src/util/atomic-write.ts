import { randomBytes, type Hash } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, rmdir, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileWriteError } from './file-errors.js';
import { removeOnInterrupt } from './interrupt-cleanup.js';
import { acquireWriteLock } from './write-lock.js';

/**
 * Outputs may be BES Cyber System Information (CIP-011): directories we create are owner-only (0700),
 * files 0600. Every output is written beside its final name and renamed into place after fsync, so a
 * reader (or a crash, or SIGKILL, or a full disk) sees the old file or the new one, never half of one.
 * An interrupt (SIGINT, SIGTERM, SIGHUP) also removes the temporary file (./interrupt-cleanup.ts).
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    const made = await mkdir(dir, { recursive: true, mode: 0o700 });
    // mkdir's mode is filtered by the umask; only directories we made are forced (never the user's own).
    if (made !== undefined) {
      let d = dir;
      while (d.startsWith(made) && d.length >= made.length) {
        await chmod(d, 0o700);
        if (d === made) break;
        d = dirname(d);
      }
    }
  } catch (e) {
    throw new FileWriteError(dir, e);
  }
}

/** An operating system error (errno code), as opposed to an error of the caller's own making. */
export const isErrnoError = (e: unknown): boolean =>
  !(e instanceof FileWriteError) &&
  typeof (e as NodeJS.ErrnoException)?.code === 'string' &&
  !(e as NodeJS.ErrnoException).code!.startsWith('ERR_');

/** A temporary name in the same directory (rename is atomic only within one file system). */
const tempName = (path: string): string => join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } catch (e) {
    // Some file systems cannot fsync a directory (EINVAL); the rename is then as durable as they allow.
    if (!['EINVAL', 'EISDIR', 'EBADF'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    await fh.close();
  }
}

/**
 * Replaces `path` with what `write(tmp)` writes to the temporary path: under the path's lock, fsynced,
 * renamed over the old file, the directory fsynced. On any failure the temporary file is removed and
 * the old file is left as it was.
 */
export async function replaceAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  await ensurePrivateDir(dirname(path));
  const release = await acquireWriteLock(path);
  const tmp = tempName(path);
  const forget = removeOnInterrupt(tmp);
  try {
    await write(tmp);
    await chmod(tmp, 0o600);
    await fsyncPath(tmp);
    await rename(tmp, path);
    await fsyncPath(dirname(path));
  } catch (e) {
    await rm(tmp, { force: true, recursive: true }).catch(() => undefined);
    throw isErrnoError(e) ? new FileWriteError(path, e) : e;
  } finally {
    forget();
    await release();
  }
}

/** Writes a whole file atomically, owner-only. */
export const writePrivateFileAtomic = (path: string, data: string | Buffer): Promise<void> =>
  replaceAtomically(path, (tmp) => writeFile(tmp, data, { mode: 0o600, flag: 'wx' }));

/** Bytes gathered per write: few system calls, little held at once. */
const WRITE_BATCH = 1 << 20;

/** What a piece writer saw of the bytes it wrote: their count and, when asked for, their SHA-256. */
export interface WrittenBytes {
  bytes: number;
}

/**
 * Writes pieces into a new owner-only file as they come, about a mebibyte at a time: a document of any
 * size, never whole in memory. Each piece is encoded straight into one of two reused buffers (no joined
 * string and no buffer per batch: for a 500 MB document those were a second copy of every byte); while
 * one buffer is being written, the next is filled, so making the pieces and writing them overlap (the
 * write runs on libuv's thread pool). `hash`, when given, is fed every byte written, so a caller that
 * records a digest need not read the file back. `fh` is an already open file to write into (left open);
 * otherwise `path` is created.
 */
export async function writeChunksTo(
  path: string,
  chunks: Iterable<string>,
  options: { hash?: Hash; fh?: FileHandle } = {},
): Promise<WrittenBytes> {
  const fh = options.fh ?? (await open(path, 'wx', 0o600));
  const { hash } = options;
  let bytes = 0;
  const writeAll = async (data: Buffer): Promise<void> => {
    // A write may be short (a full disk, a signal): the rest is written until it is all there, or it fails.
    for (let at = 0; at < data.length;) at += (await fh.write(data, at, data.length - at)).bytesWritten;
  };
  // At most one write in flight, in file order; its buffer is not touched until it has finished.
  let inFlight: Promise<void> | undefined;
  const settle = async (): Promise<void> => {
    const p = inFlight;
    inFlight = undefined;
    await p;
  };
  const send = async (data: Buffer): Promise<void> => {
    await settle();
    hash?.update(data);
    bytes += data.length;
    inFlight = writeAll(data);
    // Seen by `settle` (or the finally below); never an unhandled rejection meanwhile.
    inFlight.catch(() => undefined);
  };
  try {
    const bufs = [Buffer.allocUnsafe(WRITE_BATCH), Buffer.allocUnsafe(WRITE_BATCH)];
    let cur = 0;
    let used = 0;
    for (const c of chunks) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
      if (used + c.length * 3 > WRITE_BATCH) {
        if (used > 0) {
          await send(bufs[cur]!.subarray(0, used));
          cur ^= 1;
        }
        used = 0;
        if (c.length * 3 > WRITE_BATCH) {
          await send(Buffer.from(c, 'utf8'));
          continue;
        }
      }
      used += bufs[cur]!.write(c, used, 'utf8');
    }
    if (used > 0) await send(bufs[cur]!.subarray(0, used));
    await settle();
  } finally {
    // A failure while making the pieces still waits for the write in flight before the file is closed.
    await inFlight?.catch(() => undefined);
    if (!options.fh) await fh.close();
  }
  return { bytes };
}

/** Writes a file atomically, owner-only, from pieces made as it is written (see writeChunksTo). */
export async function writePrivateFileChunksAtomic(path: string, chunks: Iterable<string>, hash?: Hash): Promise<WrittenBytes> {
  let written: WrittenBytes = { bytes: 0 };
  await replaceAtomically(path, async (tmp) => {
    written = await writeChunksTo(tmp, chunks, { hash });
  });
  return written;
}

/**
 * Builds a directory atomically: `fill(tmpDir)` writes into a fresh owner-only directory beside `dir`,
 * which is then renamed to `dir` (which must not exist, or be empty). A bundle is never seen half-written.
 */
export async function createDirAtomically<T>(dir: string, fill: (tmpDir: string) => Promise<T>): Promise<T> {
  await ensurePrivateDir(dirname(dir));
  const release = await acquireWriteLock(dir);
  const tmp = tempName(dir);
  const forget = removeOnInterrupt(tmp);
  try {
    await mkdir(tmp, { mode: 0o700 });
    await chmod(tmp, 0o700);
    const result = await fill(tmp);
    // An empty directory may stand at the name (ensureNewDir allows it): rename needs it gone.
    await rmdir(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await rename(tmp, dir);
    await fsyncPath(dirname(dir));
    return result;
  } catch (e) {
    await rm(tmp, { force: true, recursive: true }).catch(() => undefined);
    throw isErrnoError(e) ? new FileWriteError(dir, e) : e;
  } finally {
    forget();
    await release();
  }
}
