import { parentPort, workerData } from 'node:worker_threads';
import { readWhole } from './read-whole.js';

/**
 * Reads and hashes a snapshot on a thread of its own (started by read-index.ts), while the main thread
 * reads and checks the index; the bytes are handed back without a copy.
 */
const { path } = workerData as { path: string };
try {
  const { bytes, sha256 } = readWhole(path, true);
  const buffer = bytes.buffer as ArrayBuffer;
  parentPort!.postMessage({ bytes: buffer, sha256 }, [buffer]);
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
