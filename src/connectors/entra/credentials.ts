import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, fileErrorCode } from '../../util/errors.js';
import { readSecret } from '../../util/secrets.js';
import type { CollectContext } from '../connector.js';
import type { EntraSourceConfig } from './config.js';

export type ClientCredential =
  { kind: 'secret'; clientSecret: string } | { kind: 'certificate'; thumbprintSha256: string; privateKey: string; x5c?: string };

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`${what}: cannot read file: ${fileErrorCode(e)}`, { file: path });
  }
}

/** SHA-256 thumbprint (hex) of the first certificate in a PEM file: what Entra shows and msal sends as x5t#S256. */
export function sha256Thumbprint(pem: string, file: string): string {
  try {
    return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
  } catch (e) {
    throw new InputError(`not a PEM certificate: ${(e as Error).message}`, { file });
  }
}

export async function loadCredential(config: EntraSourceConfig, ctx: Pick<CollectContext, 'baseDir' | 'env'>): Promise<ClientCredential> {
  if (config.clientSecret) {
    return { kind: 'secret', clientSecret: await readSecret(config.clientSecret, `source ${config.id}: clientSecret`, ctx) };
  }
  const cert = config.certificate!;
  const keyPath = resolve(ctx.baseDir, cert.privateKeyFile);
  const keyPem = await readPem(keyPath, `source ${config.id}: certificate.privateKeyFile`);
  const passphrase = cert.privateKeyPassphrase
    ? await readSecret(cert.privateKeyPassphrase, `source ${config.id}: certificate.privateKeyPassphrase`, ctx)
    : undefined;
  let privateKey: string;
  try {
    // msal wants unencrypted PKCS#8 text: decrypt and convert (PKCS#1 "BEGIN RSA PRIVATE KEY" too) in memory only.
    privateKey = createPrivateKey({ key: keyPem, ...(passphrase !== undefined ? { passphrase } : {}) })
      .export({ format: 'pem', type: 'pkcs8' })
      .toString();
  } catch (e) {
    throw new InputError(
      `not a usable private key: ${(e as Error).message}`,
      { file: keyPath },
      'give a PEM private key, and privateKeyPassphrase if it is encrypted',
    );
  }
  let certPem: string | undefined;
  let thumbprint = cert.thumbprintSha256?.toLowerCase();
  if (cert.certificateFile) {
    const certPath = resolve(ctx.baseDir, cert.certificateFile);
    certPem = await readPem(certPath, `source ${config.id}: certificate.certificateFile`);
    const computed = sha256Thumbprint(certPem, certPath);
    if (thumbprint && thumbprint !== computed) {
      throw new InputError(`thumbprintSha256 does not match the certificate (${computed})`, {
        file: certPath,
        path: `sources.${config.id}.certificate`,
      });
    }
    thumbprint = computed;
  }
  return { kind: 'certificate', thumbprintSha256: thumbprint!, privateKey, ...(cert.sendX5c && certPem ? { x5c: certPem } : {}) };
}

/** Proxy URL and, when configured, the Basic credentials (password from env or file, like every secret). */
export async function proxySettings(
  config: EntraSourceConfig,
  ctx: Pick<CollectContext, 'baseDir' | 'env'>,
): Promise<{ url: string; authorization?: string } | undefined> {
  if (!config.proxy) return undefined;
  const { url, username, password } = config.proxy;
  if (!username || !password) return { url };
  const secret = await readSecret(password, `source ${config.id}: proxy.password`, ctx);
  return { url, authorization: `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}` };
}
