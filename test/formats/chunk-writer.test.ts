import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeChunksTo } from '../../src/util/atomic-write.js';

/**
 * The writer encodes pieces into two reused mebibyte buffers, filling one while the other is written. Whatever the pieces, the file must hold
 * exactly the UTF-8 of their concatenation: pieces that straddle a buffer's end, a piece larger than the
 * buffer, characters of 2, 3 and 4 bytes (a surrogate pair is two UTF-16 units), empty pieces.
 * Byte counts from RFC 3629 section 3 (U+0080-U+07FF: 2 bytes, U+0800-U+FFFF: 3, U+10000 and above: 4) and
 * the Unicode Standard, section 3.9 (a supplementary character is a surrogate pair in UTF-16), so a piece
 * of n UTF-16 units takes at most 3n bytes. Node's `buf.write` writes only whole characters that fit
 * (nodejs.org/api/buffer.html, buf.write): a piece that does not fit would be cut, not overflow.
 */
const dir = mkdtempSync(join(tmpdir(), 'demarc-chunk-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether the file written from `pieces` holds exactly the UTF-8 of their concatenation (compared natively). */
async function writesExactly(name: string, pieces: string[]): Promise<boolean> {
  const path = join(dir, name);
  await writeChunksTo(path, pieces);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  const got = readFileSync(path);
  const want = Buffer.from(pieces.join(''), 'utf8');
  expect(got.length).toBe(want.length);
  return got.equals(want);
}

describe('writeChunksTo', () => {
  it('writes the UTF-8 of the pieces, byte for byte, across buffer ends', async () => {
    const alphabet = ['a', 'é', '中', '😀', '"\\', '\n'];
    const pieces: string[] = [];
    // About 3 MiB of pieces of every length up to 997 units, in a fixed pseudo-random order.
    let x = 7;
    for (let total = 0; total < 3 << 20;) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      const len = x % 997;
      let p = '';
      for (let k = 0; p.length < len; k++) p += alphabet[(x + k) % alphabet.length];
      pieces.push(p);
      total += p.length;
    }
    pieces.push('');
    expect(await writesExactly('mixed', pieces)).toBe(true);
  });

  it('writes a multi-byte piece that would fit the rest of a buffer by its units but not by its bytes', async () => {
    // ASCII up to k bytes short of a mebibyte (the buffer's size), then 3 units of 3 bytes each.
    for (let k = 1; k <= 12; k++) {
      const pieces: string[] = [];
      for (let left = (1 << 20) - k; left > 0; left -= 1024) pieces.push('a'.repeat(Math.min(1024, left)));
      pieces.push('中中中', 'é😀');
      expect(await writesExactly(`edge-${k}`, pieces), `${k} bytes short`).toBe(true);
    }
  });

  it('writes a piece larger than its buffer whole, between smaller ones', async () => {
    const big = '😀'.repeat(700_000) + 'é'.repeat(300_000);
    const pieces = ['{"a": ', big, '', '}\n'];
    expect(await writesExactly('big', pieces)).toBe(true);
  });

  it('feeds the hash every byte, in file order', async () => {
    const pieces = Array.from({ length: 5000 }, (_, i) => `${i}:${'中'.repeat(i % 300)}\n`);
    const hash = createHash('sha256');
    const path = join(dir, 'hashed');
    const { bytes } = await writeChunksTo(path, pieces, { hash });
    const file = readFileSync(path);
    expect(bytes).toBe(file.length);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(file).digest('hex'));
  });

  it('rejects with the error of a failing piece maker, after what was made before it is written', async () => {
    function* failing(): Generator<string> {
      for (let i = 0; i < 3000; i++) yield 'x'.repeat(1000);
      throw new Error('piece maker failed');
    }
    const path = join(dir, 'failing');
    await expect(writeChunksTo(path, failing())).rejects.toThrow('piece maker failed');
    // The buffers sent before the failure are on disk whole (the writer waited for them before closing):
    // whole pieces only, at least the first mebibyte's worth, not the unsent last buffer.
    const file = readFileSync(path, 'latin1');
    expect(file.length % 1000).toBe(0);
    expect(file.length).toBeGreaterThanOrEqual((1 << 20) - 3000);
    expect(file.length).toBeLessThan(3_000_000);
    expect(/^x*$/.test(file)).toBe(true);
  });

  it('writes nothing for no pieces, and refuses a file that exists', async () => {
    expect(await writesExactly('empty', [])).toBe(true);
    await expect(writeChunksTo(join(dir, 'empty'), ['x'])).rejects.toThrow();
  });
});
