import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InputError, errorMessage } from './errors.js';
import { sha256 } from './files.js';

/* Ed25519 keys from PEM files, shared by the evidence bundle and snapshot signatures. */

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
