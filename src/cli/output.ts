import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { writePrivateFile, writePrivateFileChunks } from '../util/files.js';
import { writeStdout, writeStdoutChunks } from './stdout.js';

/** Data goes to --output (owner-only: findings can be BES Cyber System Information) or stdout. */
export async function emit(text: string, output: string | undefined): Promise<void> {
  if (output && output !== '-') await writePrivateFile(resolve(output), text);
  else await writeStdout(text);
}

/**
 * The same for a document made in pieces: written as it is made, to the same places, as privately.
 * With `record`, a file's SHA-256 (taken while writing) and size are returned.
 */
export async function emitChunks(chunks: Iterable<string>, output: string | undefined, record = false): Promise<WrittenFile | undefined> {
  if (output && output !== '-') {
    const file = resolve(output);
    const hash = record ? createHash('sha256') : undefined;
    const { bytes } = await writePrivateFileChunks(file, chunks, hash);
    return hash ? { file, sha256: hash.digest('hex'), bytes } : undefined;
  }
  await writeStdoutChunks(chunks);
  return undefined;
}

/** A file this run wrote, as it was written. */
export interface WrittenFile {
  file: string;
  sha256: string;
  bytes: number;
}
