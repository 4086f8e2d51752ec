import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../util/errors.js';
import { SIGNATURE_FILE, SignatureFile } from './manifest.js';
import { keyFingerprint } from './signing.js';

/** An Ed25519 signature is 64 octets (RFC 8032 section 5.1.6): https://www.rfc-editor.org/rfc/rfc8032#section-5.1.6 */
const ED25519_SIGNATURE_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type SignatureState =
  { state: 'absent' } | { state: 'damaged'; why: string } | { state: 'present'; sig: SignatureFile; embeddedKey: KeyObject };

/**
 * Reads manifest.sig.json. Anything short of a well-formed signature file (truncated, not JSON, a field
 * missing, a signature of the wrong length, an embedded key that does not parse) is "damaged", with one
 * reason, rather than a parser error or an unsigned bundle.
 */
export async function readSignature(dir: string): Promise<SignatureState> {
  let text: string;
  try {
    text = await readFile(join(dir, SIGNATURE_FILE), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'absent' };
    return { state: 'damaged', why: `it cannot be read: ${code ?? errorMessage(e)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: 'damaged', why: `it is not complete JSON (${text.length} characters; truncated or overwritten?)` };
  }
  const parsed = SignatureFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length ? `field ${issue.path.join('.')}` : 'the document';
    return { state: 'damaged', why: `${at}: ${issue.message}` };
  }
  const sig = parsed.data;
  const bytes = Buffer.from(sig.signature, 'base64').length;
  if (!BASE64.test(sig.signature) || bytes !== ED25519_SIGNATURE_BYTES)
    return { state: 'damaged', why: `the signature is ${bytes} bytes of base64, an Ed25519 signature is ${ED25519_SIGNATURE_BYTES}` };
  let embeddedKey: KeyObject;
  try {
    embeddedKey = createPublicKey(sig.publicKey);
  } catch {
    return { state: 'damaged', why: 'its embedded public key is not a PEM public key' };
  }
  if (embeddedKey.asymmetricKeyType !== 'ed25519')
    return { state: 'damaged', why: `its embedded public key is ${embeddedKey.asymmetricKeyType}, not Ed25519` };
  if (keyFingerprint(embeddedKey) !== sig.publicKeyFingerprint)
    return { state: 'damaged', why: 'its embedded public key does not match the fingerprint recorded beside it' };
  return { state: 'present', sig, embeddedKey };
}
