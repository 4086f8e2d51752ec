import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, IT, loadTenants } from '../graph-emulator/fixtures.js';
import { pkiFile, startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';
import { collect, customCloudConfig, tempDir, testContext } from './harness.js';

const thumbprint = (file: string): string =>
  createHash('sha256')
    .update(new X509Certificate(readFileSync(pkiFile(file))).raw)
    .digest('hex');

describe('certificate credentials against the emulator, which verifies the client assertion', () => {
  let emu: GraphEmulator;
  beforeAll(async () => {
    emu = await startGraphEmulator({ tenants: loadTenants() });
  });
  afterAll(() => emu.close());

  const config = (certificate: Record<string, unknown>) =>
    customCloudConfig(emu, { id: 'it-entra', tenantId: IT, clientId: clients.itCert.clientId, certificate });

  it('signs in with the private key and a thumbprint computed from the certificate file', async () => {
    const out = await collect(config({ privateKeyFile: 'app-cert-key.pem', certificateFile: 'app-cert.pem' }), testContext());
    expect(out.source.complete, JSON.stringify(out.source.problems)).toBe(true);
    expect(out.accounts.length).toBeGreaterThan(1000);
  });

  it('signs in with a configured thumbprint and sends the x5c chain when asked', async () => {
    const byThumb = await collect(
      config({ privateKeyFile: 'app-cert-key.pem', thumbprintSha256: thumbprint('app-cert.pem').toUpperCase() }),
      testContext(),
    );
    expect(byThumb.source.complete).toBe(true);
    const withChain = await collect(
      config({ privateKeyFile: 'app-cert-key.pem', certificateFile: 'app-cert.pem', sendX5c: true }),
      testContext(),
    );
    expect(withChain.source.complete).toBe(true);
  });

  it('is refused when the key signing the assertion does not belong to the certificate named', async () => {
    const out = await collect(
      config({ privateKeyFile: 'other-cert-key.pem', thumbprintSha256: thumbprint('app-cert.pem') }),
      testContext(),
    );
    expect(out.source.complete).toBe(false);
    expect(out.source.problems[0]!.message).toMatch(new RegExp(`tenant ${IT}.*AADSTS700027.*signature validation`));
  });

  it('is refused for a certificate that is not registered on the application', async () => {
    const out = await collect(config({ privateKeyFile: 'other-cert-key.pem', certificateFile: 'other-cert.pem' }), testContext());
    expect(out.source.complete).toBe(false);
    expect(out.source.problems[0]!.message).toMatch(
      /AADSTS700027: The certificate with identifier used to sign the client assertion is not registered/,
    );
  });

  it('decrypts an encrypted private key with a passphrase from the environment', async () => {
    const file = join(tempDir(), 'encrypted-key.pem');
    const encrypted = createPrivateKey(readFileSync(pkiFile('app-cert-key.pem'))).export({
      format: 'pem',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: 'key-pass',
    });
    writeFileSync(file, encrypted);
    const cfg = config({ privateKeyFile: file, certificateFile: 'app-cert.pem', privateKeyPassphrase: { env: 'KEY_PASS' } });
    const out = await collect(cfg, testContext({ KEY_PASS: 'key-pass' }));
    expect(out.source.complete, JSON.stringify(out.source.problems)).toBe(true);
    await expect(collect(cfg, testContext({ KEY_PASS: 'wrong' }))).rejects.toThrow(/not a usable private key/);
  });

  it('rejects a thumbprint that contradicts the certificate file as a configuration error', async () => {
    await expect(
      collect(
        config({ privateKeyFile: 'app-cert-key.pem', certificateFile: 'app-cert.pem', thumbprintSha256: 'ab'.repeat(32) }),
        testContext(),
      ),
    ).rejects.toThrow(/thumbprintSha256 does not match the certificate/);
  });
});
