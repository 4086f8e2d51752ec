import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const PIECE = 64 << 20;

/** A whole file in one buffer of its own (not Buffer's shared pool), SHA-256 hashed as it is read when asked. */
export function readWhole(path: string, hashed: boolean): { bytes: Buffer; sha256: string } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = Buffer.allocUnsafeSlow(size);
    const h = hashed ? createHash('sha256') : undefined;
    for (let at = 0; at < size;) {
      const got = readSync(fd, bytes, at, Math.min(PIECE, size - at), at);
      if (got === 0) throw new Error(`the file ended at byte ${at} of ${size} while it was read`);
      h?.update(bytes.subarray(at, at + got));
      at += got;
    }
    return { bytes, sha256: h?.digest('hex') ?? '' };
  } finally {
    closeSync(fd);
  }
}
