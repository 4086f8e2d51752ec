import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleWriter } from '../../src/evidence/bundle-writer.js';
import { FileWriteError } from '../../src/util/file-errors.js';
import { tempDir } from './bundle-fixture.js';

const digest = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

async function writerIn(): Promise<{ root: string; out: BundleWriter }> {
  const root = join(tempDir(), 'bundle');
  await mkdir(root, { mode: 0o700 });
  return { root, out: new BundleWriter(root) };
}

describe('the bundle writer', () => {
  it('records the SHA-256 and size of what it wrote, taken while writing, in nested owner-only folders', async () => {
    const { root, out } = await writerIn();
    // Pieces of 1 to 4 UTF-8 bytes per character, and one piece larger than the writer's mebibyte batch.
    const pieces = ['a', 'é', '€', '😀', 'x'.repeat(3 << 20), '\n'];
    const entries = [
      await out.text('summary.md', '# title\n'),
      await out.text('manifest.json', Buffer.from('{"a": 1}\n')),
      await out.chunks('populations/deep/r1.csv', pieces),
    ];
    await out.finish();
    for (const e of entries) {
      const bytes = readFileSync(join(root, e.path));
      expect(e).toEqual({ path: e.path, sha256: digest(bytes), bytes: bytes.length });
      expect(statSync(join(root, e.path)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(root, 'populations/deep/r1.csv'), 'utf8')).toBe(pieces.join(''));
    for (const d of ['populations', 'populations/deep']) expect(statSync(join(root, d)).mode & 0o777).toBe(0o700);
    expect(out.written.map((e) => e.path)).toEqual(['summary.md', 'manifest.json', 'populations/deep/r1.csv']);
  });

  it('never writes a file twice', async () => {
    const { out } = await writerIn();
    await out.text('summary.md', 'one');
    await expect(out.text('summary.md', 'two')).rejects.toBeInstanceOf(FileWriteError);
    await out.finish();
  });

  it('keeps a copy only when it is still the bytes whose digest the caller recorded', async () => {
    const { root, out } = await writerIn();
    const src = join(tempDir(), 'findings.json');
    writeFileSync(src, '{"findings": []}\n');
    const recorded = { sha256: digest('{"findings": []}\n'), bytes: 17 };

    const kept = await out.copyOf('findings.json', src, recorded);
    expect(kept).toEqual({ path: 'findings.json', ...recorded });
    expect(readFileSync(join(root, 'findings.json'), 'utf8')).toBe('{"findings": []}\n');

    // The original was changed after it was written (same size, other bytes): no copy, nothing left behind.
    writeFileSync(src, '{"findings": [1]}');
    expect(await out.copyOf('other.json', src, recorded)).toBeUndefined();
    expect(existsSync(join(root, 'other.json'))).toBe(false);
    // Gone altogether: the same.
    expect(await out.copyOf('gone.json', join(tempDir(), 'absent.json'), recorded)).toBeUndefined();
    expect(existsSync(join(root, 'gone.json'))).toBe(false);
    await out.finish();
    expect(out.written.map((e) => e.path)).toEqual(['findings.json']);
  });
});
