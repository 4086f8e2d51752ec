import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ScannedChunk } from './scan-chunk.js';
import type { ChunkTask } from './scan-worker.js';

/**
 * Reading a large snapshot on several threads: the file is cut into chunks of whole lines, reading threads
 * scan them (scan-worker.ts), and each chunk is handed to `chunk` in file order, so that what the reader
 * builds from them (indexes, tables, the first error and its line) is what one thread reading the file
 * from start to end builds.
 */

/** The compiled reading thread beside this module; absent when running from the TypeScript sources. */
const WORKER = new URL('./scan-worker.js', import.meta.url);

export const workerAvailable = (): boolean => existsSync(fileURLToPath(WORKER));

/**
 * [start, end) byte ranges of about `chunkBytes` each that cut `path` (of `size` bytes) only after a
 * newline. A line longer than a chunk makes its chunk longer.
 */
export function lineRanges(path: string, size: number, chunkBytes: number): [number, number][] {
  const ranges: [number, number][] = [];
  const window = Buffer.allocUnsafe(1 << 16);
  const fd = openSync(path, 'r');
  try {
    let start = 0;
    while (start < size) {
      let at = start + Math.max(1, chunkBytes) - 1;
      let end = size;
      while (at < size) {
        const got = readSync(fd, window, 0, window.length, at);
        if (got === 0) break;
        const nl = window.subarray(0, got).indexOf(10);
        if (nl >= 0) {
          end = at + nl + 1;
          break;
        }
        at += got;
      }
      ranges.push([start, end]);
      start = end;
    }
  } finally {
    closeSync(fd);
  }
  return ranges;
}

interface Reply {
  index: number;
  bytes?: ArrayBuffer;
  scanned?: ScannedChunk;
  error?: string;
}

/**
 * Scans `ranges` of `path` on `threads` reading threads and calls `chunk` for each in order, as soon as
 * it and the chunks before it are scanned (so the caller's work overlaps the scanning). Rejects with the
 * first error `chunk` throws, or with a reading thread's error; every thread is stopped either way.
 */
export async function readInThreads(
  path: string,
  ranges: readonly [number, number][],
  threads: number,
  seed: number,
  chunk: (bytes: Buffer, scanned: ScannedChunk, fileOffset: number) => void,
): Promise<void> {
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const done = new Map<number, Reply>();
      let next = 0;
      let sent = 0;
      let stopped = false;
      const send = (w: Worker): void => {
        if (sent >= ranges.length) return;
        const [start, end] = ranges[sent]!;
        const task: ChunkTask = { index: sent++, start, end };
        w.postMessage(task);
      };
      const onReply = (w: Worker, r: Reply): void => {
        if (stopped) return;
        try {
          done.set(r.index, r);
          send(w);
          for (let d = done.get(next); d; d = done.get(next)) {
            done.delete(next++);
            if (d.error !== undefined) throw new Error(d.error);
            chunk(Buffer.from(d.bytes!), d.scanned!, ranges[d.index]![0]);
          }
          if (next === ranges.length) resolve();
        } catch (e) {
          stopped = true;
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      };
      const count = Math.min(threads, ranges.length);
      for (let k = 0; k < count; k++) {
        const w = new Worker(WORKER, { workerData: { path, seed } });
        workers.push(w);
        w.on('message', (r: Reply) => onReply(w, r));
        w.on('error', reject);
        w.on('exit', (code) => {
          if (next < ranges.length) reject(new Error(`a reading thread stopped (exit code ${code})`));
        });
        // Two chunks each, so that a thread has the next at hand while its last one is delivered.
        send(w);
        send(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
