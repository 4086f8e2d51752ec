import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../util/errors.js';
import { chunkBuffers, scanChunk } from './scan-chunk.js';

/**
 * A snapshot reading thread (started by read-in-threads.ts): reads the byte ranges it is sent, scans
 * each (scan-chunk.ts) and hands back the chunk's bytes and columns without copying them.
 */
export interface ChunkTask {
  index: number;
  start: number;
  end: number;
}

const { path, seed } = workerData as { path: string; seed: number };

function readRange(start: number, end: number): Buffer {
  // Not from Buffer's shared pool: the bytes are handed over whole, as their own ArrayBuffer.
  const buf = Buffer.allocUnsafeSlow(end - start);
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; at < buf.length;) {
      const got = readSync(fd, buf, at, buf.length - at, start + at);
      if (got === 0) throw new Error(`the file ended at byte ${start + at}, before byte ${end}: it changed while being read`);
      at += got;
    }
  } finally {
    closeSync(fd);
  }
  return buf;
}

parentPort!.on('message', (task: ChunkTask) => {
  try {
    const bytes = readRange(task.start, task.end);
    const buffer = bytes.buffer as ArrayBuffer;
    const scanned = scanChunk(bytes, task.start === 0, seed);
    parentPort!.postMessage({ index: task.index, bytes: buffer, scanned }, [buffer, ...chunkBuffers(scanned)]);
  } catch (e) {
    parentPort!.postMessage({ index: task.index, error: errorMessage(e) });
  }
});
