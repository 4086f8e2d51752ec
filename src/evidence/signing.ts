import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { keyFingerprint } from '../util/ed25519-keys.js';
import type { SignatureFile } from './manifest.js';

export { keyFingerprint, loadPublicKey, loadSigningKey } from '../util/ed25519-keys.js';

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
