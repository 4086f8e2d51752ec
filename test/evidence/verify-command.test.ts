import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyCommand } from '../../src/cli/verify-command.js';
import { keyPair, tempDir, writeBundle } from './bundle-fixture.js';

async function verify(args: string[]): Promise<{ code: number; out: string }> {
  let code = -1;
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  try {
    await verifyCommand((c) => (code = c))
      .exitOverride()
      .parseAsync(['node', 'verify', ...args]);
  } finally {
    spy.mockRestore();
  }
  return { code, out };
}

describe('demarc verify', () => {
  afterEach(() => vi.restoreAllMocks());

  it('exits 0 on a clean signed bundle and prints the key fingerprint', async () => {
    const keys = keyPair(tempDir());
    const dir = await writeBundle({ signKeyFile: keys.privateKey });
    const r = await verify([dir, '--public-key', keys.publicKey]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /VERIFIED\nsignature: valid \(Ed25519 key SHA-256 [0-9a-f]{64}, the given key\)\nre-evaluation: findings reproduced exactly/,
    );
  });

  it('exits 1 and names the missing file', async () => {
    const dir = await writeBundle();
    unlinkSync(join(dir, 'report.html'));
    const r = await verify([dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('problem: missing file: report.html (listed in the manifest)');
  });

  it('throws an input error (exit 2) for a directory that does not exist', async () => {
    await expect(verify([join(tempDir(), 'nope')])).rejects.toThrow(/not an evidence bundle directory/);
  });
});
