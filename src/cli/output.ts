import { resolve } from 'node:path';
import { writePrivateFile } from '../util/files.js';
import { writeStdout } from './stdout.js';

/** Data goes to --output (owner-only: findings can be BES Cyber System Information) or stdout. */
export async function emit(text: string, output: string | undefined): Promise<void> {
  if (output && output !== '-') await writePrivateFile(resolve(output), text);
  else await writeStdout(text);
}
