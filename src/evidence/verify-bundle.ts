import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { readFindings } from '../report/read-findings.js';
import { fileContains } from '../util/files.js';
import { InputError, errorMessage } from '../util/errors.js';
import { TOOL_VERSION } from '../version.js';
import { checkFiles } from './bundle-files.js';
import { manifestDigest, REPORT_FILE } from './manifest-digest.js';
import { MANIFEST_FILE, Manifest, SIGNATURE_FILE } from './manifest.js';
import { reproduce } from './reproduce.js';
import { checkManifestClaims } from './manifest-claims.js';
import { readSignature } from './read-signature.js';
import { readSnapshot } from '../snapshot/read-snapshot.js';
import { keyFingerprint, verifyManifestSignature } from './signing.js';

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  notes: string[];
  signature: { present: boolean; valid?: boolean; fingerprint?: string; keyGiven: boolean };
  reproduced?: boolean;
}

/**
 * Verifies a bundle: every file against the manifest (changed, missing, added), the signature (with
 * the given public key, or the embedded one whose fingerprint the caller must compare), and that
 * re-evaluating the stored snapshot reproduces the stored findings exactly.
 */
/** `threads`: how many threads may read the bundle's snapshot (see readSnapshot). */
export async function verifyBundle(dir: string, publicKey?: KeyObject, threads?: number): Promise<VerifyResult> {
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new InputError('not an evidence bundle directory', { file: dir });
  const problems: string[] = [];
  const notes: string[] = [];
  const result: VerifyResult = { ok: false, problems, notes, signature: { present: false, keyGiven: !!publicKey } };
  let manifestBytes: Buffer;
  let manifest: Manifest;
  try {
    manifestBytes = await readFile(join(dir, MANIFEST_FILE));
    manifest = Manifest.parse(JSON.parse(manifestBytes.toString('utf8')));
  } catch (e) {
    problems.push(`manifest.json is missing or invalid: ${errorMessage(e).split('\n')[0]}`);
    return result;
  }
  const signature = await readSignature(dir);
  problems.push(...(await checkFiles(dir, manifest, [MANIFEST_FILE, SIGNATURE_FILE])));
  if (manifest.reportDigest !== undefined) {
    const digest = manifestDigest(manifest.files);
    if (digest !== manifest.reportDigest)
      problems.push(`the manifest digest the report prints (${manifest.reportDigest}) is not that of the manifest's files (${digest})`);
    else if (!(await fileContains(join(dir, REPORT_FILE), digest).catch(() => false)))
      problems.push(`${REPORT_FILE} does not carry the manifest digest ${digest}`);
  }
  if (signature.state === 'damaged') {
    // One message: a damaged file says nothing about who signed, so nothing else is checked against it.
    result.signature = { present: true, valid: false, keyGiven: !!publicKey };
    problems.push(`${SIGNATURE_FILE} is damaged (${signature.why}): the signature cannot be checked, so the bundle is not verified`);
  } else if (signature.state === 'present') {
    const sig = signature.sig;
    result.signature.present = true;
    const key: KeyObject = publicKey ?? signature.embeddedKey;
    const fp = keyFingerprint(key);
    result.signature.fingerprint = fp;
    if (fp !== sig.publicKeyFingerprint)
      problems.push(`the bundle was signed with key ${sig.publicKeyFingerprint}, not with the given key ${fp}`);
    const valid = verifyManifestSignature(manifestBytes, sig, key);
    result.signature.valid = valid;
    if (!valid)
      problems.push('the signature of manifest.json does not verify: the manifest was changed after signing, or another key signed it');
    if (!publicKey)
      notes.push(
        `signature checked with the key embedded in the bundle (fingerprint ${fp}); compare it with the signer's published fingerprint, or pass --public-key`,
      );
  } else if (publicKey) {
    problems.push(`the bundle is not signed (${SIGNATURE_FILE} is absent) but a public key was given`);
  } else {
    notes.push('the bundle is not signed: its hashes show consistency, not who produced it');
  }
  if (!manifest.complete)
    notes.push(
      'the audit recorded in this bundle was incomplete (a source was not fully collected or a rule was not evaluated): it cannot show compliance, however well it verifies',
    );
  if (manifest.tool.version !== TOOL_VERSION)
    notes.push(`bundle written by demarc ${manifest.tool.version}, re-evaluated with ${TOOL_VERSION}`);
  try {
    // Read a finding at a time: the document can be larger than V8's longest string.
    const stored = await readFindings(join(dir, 'findings.json'));
    const estate = await readSnapshot(join(dir, manifest.snapshot.copy), { threads });
    problems.push(...(await checkManifestClaims(dir, manifest, estate, stored)));
    const diffs = await reproduce(dir, manifest, stored, estate);
    result.reproduced = diffs.length === 0;
    problems.push(...diffs);
  } catch (e) {
    result.reproduced = false;
    problems.push(`cannot re-evaluate the stored snapshot: ${e instanceof InputError ? e.render() : errorMessage(e).split('\n')[0]}`);
  }
  result.ok = problems.length === 0;
  return result;
}
