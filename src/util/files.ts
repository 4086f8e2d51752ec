import * as crypto from 'node:crypto';
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { writePrivateFileAtomic, writePrivateFileChunksAtomic, type WrittenBytes } from './atomic-write.js';
import { InputError, errorMessage } from './errors.js';
import { fileFault } from './file-errors.js';

/**
 * Checks that `path` is a file we can read, before a stream is opened on it: a stream reports a missing
 * file as an 'error' event that would otherwise escape the caller. `what` names the input in the message.
 */
export async function assertReadableFile(path: string, what: string): Promise<void> {
  let fh;
  try {
    fh = await open(path, 'r');
    if (!(await fh.stat()).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (e) {
    const f = fileFault(e);
    throw new InputError(`cannot read ${what}: ${f ? `${f.text} (${f.code})` : errorMessage(e)}`, { file: path });
  } finally {
    await fh?.close();
  }
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Whether the file holds `needle` (ASCII), read a piece at a time: a file of any size, never one string. */
export async function fileContains(path: string, needle: string): Promise<boolean> {
  const want = Buffer.from(needle, 'latin1');
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    // The last bytes of the previous piece go first, so a needle split between two pieces is found.
    const buf = tail.length ? Buffer.concat([tail, chunk as Buffer]) : (chunk as Buffer);
    if (buf.includes(want)) return true;
    tail = Buffer.from(buf.subarray(Math.max(0, buf.length - want.length + 1)));
  }
  return false;
}

// Node 20.12 and newer hash in one call, without a Hash object per value (a run fingerprints every finding).
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;
export const sha256 = (data: string | Buffer): string =>
  oneShot ? oneShot('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');

/** Owner-only (CIP-011: outputs may be BES Cyber System Information), written atomically. */
export const writePrivateFile = (path: string, data: string | Buffer): Promise<void> => writePrivateFileAtomic(path, data);

/** The same, from pieces written as they are made (a document too large to be one string). */
export const writePrivateFileChunks = (path: string, chunks: Iterable<string>, hash?: Hash): Promise<WrittenBytes> =>
  writePrivateFileChunksAtomic(path, chunks, hash);
