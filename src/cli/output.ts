import { resolve } from 'node:path';
import { writePrivateFile, writePrivateFileChunks } from '../util/files.js';
import { writeStdout, writeStdoutChunks } from './stdout.js';

/** Data goes to --output (owner-only: findings can be BES Cyber System Information) or stdout. */
export async function emit(text: string, output: string | undefined): Promise<void> {
  if (output && output !== '-') await writePrivateFile(resolve(output), text);
  else await writeStdout(text);
}

/** The same for a document made in pieces: written as it is made, to the same places, as privately. */
export async function emitChunks(chunks: Iterable<string>, output: string | undefined): Promise<void> {
  if (output && output !== '-') await writePrivateFileChunks(resolve(output), chunks);
  else await writeStdoutChunks(chunks);
}
