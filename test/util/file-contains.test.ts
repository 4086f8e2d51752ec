import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileContains } from '../../src/util/files.js';
import { tempDir } from '../helpers/cli.js';

const MIB = 1 << 20;
const NEEDLE = 'f'.repeat(8) + '0123456789abcdef'.repeat(3);

/** A file of `size` bytes of filler with the needle at `at`. */
function fileWith(size: number, at?: number): string {
  const buf = Buffer.alloc(size, 'x');
  if (at !== undefined) buf.write(NEEDLE, at, 'latin1');
  const path = join(tempDir(), 'report.html');
  writeFileSync(path, buf);
  return path;
}

describe('fileContains (reads the file a mebibyte at a time)', () => {
  it('finds the needle wherever it is, also cut between two reads', async () => {
    const size = 3 * MIB;
    for (const at of [0, MIB - NEEDLE.length, MIB - 1, MIB - 20, MIB, 2 * MIB - 3, size - NEEDLE.length])
      expect(await fileContains(fileWith(size, at), NEEDLE), `needle at ${at}`).toBe(true);
  });

  it('does not find what is not there, nor a needle cut short at the end of the file', async () => {
    expect(await fileContains(fileWith(2 * MIB), NEEDLE)).toBe(false);
    const path = fileWith(MIB + 10, MIB + 10 - NEEDLE.length);
    // The last byte of the needle cut off.
    writeFileSync(path, readFileSync(path).subarray(0, MIB + 9));
    expect(await fileContains(path, NEEDLE)).toBe(false);
  });
});
