import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InputError, errorMessage } from '../util/errors.js';
import { sha256 } from '../util/files.js';
import type { SignatureFile } from './manifest.js';

/** SHA-256 of the DER SubjectPublicKeyInfo, hex: what a person compares to know who signed. */
export const keyFingerprint = (key: KeyObject): string => sha256(key.export({ type: 'spki', format: 'der' }));

async function readKeyFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`, { file: path });
  }
}

/** Loads an Ed25519 private key (PEM, PKCS#8); anything else is an input error. The key is never logged. */
export async function loadSigningKey(path: string): Promise<KeyObject> {
  const pem = await readKeyFile(path, 'signing key');
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new InputError(
      `not a PEM private key: ${errorMessage(e)}`,
      { file: path },
      'create one with: openssl genpkey -algorithm ed25519 -out evidence-key.pem',
    );
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new InputError(
      `the signing key is ${key.asymmetricKeyType}, not Ed25519`,
      { file: path },
      'create one with: openssl genpkey -algorithm ed25519 -out evidence-key.pem',
    );
  return key;
}

export async function loadPublicKey(path: string): Promise<KeyObject> {
  const pem = await readKeyFile(path, 'public key');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new InputError(
      `not a PEM public key: ${errorMessage(e)}`,
      { file: path },
      'export it with: openssl pkey -in evidence-key.pem -pubout -out evidence-key.pub.pem',
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(`the public key is ${key.asymmetricKeyType}, not Ed25519`, { file: path });
  return key;
}

export function signManifest(manifest: Buffer, key: KeyObject): SignatureFile {
  const pub = createPublicKey(key);
  return {
    algorithm: 'Ed25519',
    signs: 'manifest.json',
    publicKey: pub.export({ type: 'spki', format: 'pem' }).toString(),
    publicKeyFingerprint: keyFingerprint(pub),
    signature: sign(null, manifest, key).toString('base64'),
  };
}

export function verifyManifestSignature(manifest: Buffer, sig: SignatureFile, key: KeyObject): boolean {
  try {
    return verify(null, manifest, key, Buffer.from(sig.signature, 'base64'));
  } catch {
    return false;
  }
}
