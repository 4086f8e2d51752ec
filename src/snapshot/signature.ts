import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { keyFingerprint } from '../util/ed25519-keys.js';
import { InputError, errorMessage } from '../util/errors.js';
import { fileFault } from '../util/file-errors.js';
import { sha256File, writePrivateFile } from '../util/files.js';

/** The detached signature of a snapshot lies beside it: `estate.snapshot.jsonl.gz.sig.json`. */
export const signatureFileOf = (snapshot: string): string => `${snapshot}.sig.json`;

export const SnapshotSignature = z
  .object({
    format: z.literal('demarc-snapshot-signature'),
    version: z.literal(1),
    algorithm: z.literal('Ed25519'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative(),
    publicKey: z.string().describe('SPKI PEM of the signing key.'),
    publicKeyFingerprint: z.string().describe('SHA-256 of the DER SPKI, hex.'),
    signature: z.string().describe('Base64 Ed25519 signature of the statement naming the SHA-256 and size of the file.'),
  })
  .strict();
export type SnapshotSignature = z.infer<typeof SnapshotSignature>;

/**
 * What is signed: the file's SHA-256 and size, not its name (a snapshot is renamed when carried out of
 * the OT network) and not its bytes (Ed25519 signs a message in memory; a snapshot may be hundreds of MiB).
 */
const statement = (sha256: string, bytes: number): Buffer => Buffer.from(`demarc-snapshot-signature:1:sha256:${sha256}:bytes:${bytes}`);

/** Signs a written snapshot; returns the signature file's path and the key's fingerprint. The key is never logged. */
export async function signSnapshot(snapshot: string, key: KeyObject): Promise<{ file: string; fingerprint: string }> {
  const [hash, info] = await Promise.all([sha256File(snapshot), stat(snapshot)]);
  const pub = createPublicKey(key);
  const sig: SnapshotSignature = {
    format: 'demarc-snapshot-signature',
    version: 1,
    algorithm: 'Ed25519',
    sha256: hash,
    bytes: info.size,
    publicKey: pub.export({ type: 'spki', format: 'pem' }).toString(),
    publicKeyFingerprint: keyFingerprint(pub),
    signature: sign(null, statement(hash, info.size), key).toString('base64'),
  };
  const file = signatureFileOf(snapshot);
  await writePrivateFile(file, `${JSON.stringify(sig, null, 2)}\n`);
  return { file, fingerprint: sig.publicKeyFingerprint };
}

/**
 * Checks the snapshot against its signature file and the expected public key: a missing, malformed or
 * wrong signature, or a file changed since it was signed, is an input error naming the snapshot.
 * Returns the file's SHA-256 and the signer's fingerprint.
 */
export async function verifySnapshotSignature(snapshot: string, key: KeyObject): Promise<{ sha256: string; fingerprint: string }> {
  const sigFile = signatureFileOf(snapshot);
  const bad = (why: string, hint?: string): InputError => new InputError(`snapshot signature ${why}`, { file: snapshot }, hint);
  let text: string;
  try {
    text = await readFile(sigFile, 'utf8');
  } catch (e) {
    const f = fileFault(e);
    throw bad(
      `missing: cannot read ${sigFile} (${f?.code ?? errorMessage(e)})`,
      'sign the snapshot where it is collected: demarc collect --sign-key <key.pem>, and copy the .sig.json file with it',
    );
  }
  let parsed: SnapshotSignature;
  try {
    parsed = SnapshotSignature.parse(JSON.parse(text));
  } catch (e) {
    throw bad(`file ${sigFile} is not a demarc snapshot signature: ${errorMessage(e).split('\n')[0]}`);
  }
  const fingerprint = keyFingerprint(key);
  if (parsed.publicKeyFingerprint !== fingerprint)
    throw bad(
      `is by key SHA-256 ${parsed.publicKeyFingerprint}, not by the configured public key (SHA-256 ${fingerprint})`,
      'configure the public key of the key that signs the collection (publicKey:)',
    );
  const [hash, info] = await Promise.all([sha256File(snapshot), stat(snapshot)]);
  let ok: boolean;
  try {
    ok = verify(null, statement(parsed.sha256, parsed.bytes), key, Buffer.from(parsed.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw bad(`in ${sigFile} does not verify with the configured public key`, 'the signature file was altered; collect again');
  if (hash !== parsed.sha256 || info.size !== parsed.bytes)
    throw bad(
      `does not match the file: it was signed with SHA-256 ${parsed.sha256} (${parsed.bytes} bytes), the file has ${hash} (${info.size} bytes)`,
      'the snapshot was changed or damaged after it was signed; copy it again or collect again',
    );
  return { sha256: hash, fingerprint };
}
