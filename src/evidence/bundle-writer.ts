import { constants } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { copyFile, mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncPath, isErrnoError, writeChunksTo } from '../util/atomic-write.js';
import { FileWriteError } from '../util/file-errors.js';
import { sha256File } from '../util/files.js';

/** A file of the bundle as its manifest lists it. */
export interface BundleEntry {
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * Writes the files of a bundle into the fresh directory that `createDirAtomically` renames into place
 * when it is complete. Each file is hashed as it is written (never read back), and flushed to disk in
 * the background while the next one is made: the directory is renamed only after every file and folder
 * has been synced (`finish`), so the bundle is still complete or absent, without each file's write
 * waiting for the disk. A file is written once, under a name no other file of the bundle has (`wx`).
 */
export class BundleWriter {
  private readonly entries = new Map<string, BundleEntry>();
  private readonly dirs = new Set<string>();
  private readonly syncs: Promise<unknown>[] = [];

  constructor(private readonly root: string) {
    this.dirs.add(root);
  }

  /** The entries written so far, in the order they were written. */
  get written(): BundleEntry[] {
    return [...this.entries.values()];
  }

  /** A file from one string or buffer. */
  text(rel: string, data: string | Buffer): Promise<BundleEntry> {
    return this.write(rel, async (fh, hash) => {
      if (typeof data === 'string') return (await writeChunksTo(join(this.root, rel), [data], { hash, fh })).bytes;
      hash.update(data);
      for (let at = 0; at < data.length;) at += (await fh.write(data, at, data.length - at)).bytesWritten;
      return data.length;
    });
  }

  /** A file from pieces made as it is written (see writeChunksTo): a document of any size. */
  chunks(rel: string, pieces: Iterable<string>): Promise<BundleEntry> {
    return this.write(rel, async (fh, hash) => (await writeChunksTo(join(this.root, rel), pieces, { hash, fh })).bytes);
  }

  /**
   * A copy of a file this run wrote, whose digest it recorded while writing it: the copy is hashed and
   * kept only when it is still those bytes (another process may have changed the original since).
   * Returns undefined, leaving nothing behind, when it is not; the caller then writes the file itself.
   */
  async copyOf(rel: string, source: string, expected: { sha256: string; bytes: number }): Promise<BundleEntry | undefined> {
    const full = join(this.root, rel);
    await this.ensureDir(dirname(full));
    try {
      await copyFile(source, full, constants.COPYFILE_EXCL);
    } catch {
      await rm(full, { force: true });
      return undefined;
    }
    const [sha256, bytes] = [await sha256File(full), (await stat(full)).size];
    if (sha256 !== expected.sha256 || bytes !== expected.bytes) {
      await rm(full, { force: true });
      return undefined;
    }
    return this.record(rel, { path: rel, sha256, bytes }, await open(full, 'r'));
  }

  /** Waits until every file and folder written is on disk; the first failure is thrown. */
  async finish(): Promise<void> {
    const results = await Promise.all(this.syncs);
    const failed = results.find((r) => r instanceof Error);
    if (failed) throw failed;
    for (const d of [...this.dirs].sort((a, b) => b.length - a.length)) await fsyncPath(d);
  }

  private async write(rel: string, fill: (fh: FileHandle, hash: Hash) => Promise<number>): Promise<BundleEntry> {
    const full = join(this.root, rel);
    await this.ensureDir(dirname(full));
    let fh: FileHandle;
    try {
      fh = await open(full, 'wx', 0o600);
    } catch (e) {
      throw new FileWriteError(full, e);
    }
    try {
      const hash = createHash('sha256');
      const bytes = await fill(fh, hash);
      return this.record(rel, { path: rel, sha256: hash.digest('hex'), bytes }, fh);
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw isErrnoError(e) ? new FileWriteError(full, e) : e;
    }
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.dirs.has(dir) || dir === dirname(dir)) return;
    await this.ensureDir(dirname(dir));
    await mkdir(dir, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw new FileWriteError(dir, e);
    });
    this.dirs.add(dir);
  }

  private record(rel: string, entry: BundleEntry, fh: FileHandle): BundleEntry {
    this.entries.set(rel, entry);
    const full = join(this.root, rel);
    // Caught here and thrown by finish(): a sync still running when a later step fails must not go unhandled.
    const synced = (async () => {
      try {
        await fh.sync();
      } catch (e) {
        await fh.close().catch(() => undefined);
        throw e;
      }
      await fh.close();
    })();
    this.syncs.push(synced.then(undefined, (e: unknown) => new FileWriteError(full, e)));
    return entry;
  }
}
