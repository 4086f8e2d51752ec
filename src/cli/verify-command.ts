import { resolve } from 'node:path';
import { writeStdout } from './stdout.js';
import { Command } from 'commander';
import { loadPublicKey } from '../evidence/signing.js';
import { verifyBundle, type VerifyResult } from '../evidence/verify-bundle.js';
import { addThreadsOption } from './context.js';

/** Human-readable verdict: one line per problem, so a changed byte names its file. */
export function verifyText(dir: string, r: VerifyResult): string {
  const lines = [`${dir}: ${r.ok ? 'VERIFIED' : 'FAILED'}`];
  if (r.signature.present)
    lines.push(
      `signature: ${r.signature.valid ? 'valid' : 'INVALID'}${r.signature.fingerprint ? ` (Ed25519 key SHA-256 ${r.signature.fingerprint}${r.signature.keyGiven ? ', the given key' : ', embedded key'})` : ''}`,
    );
  if (r.reproduced !== undefined) lines.push(`re-evaluation: ${r.reproduced ? 'findings reproduced exactly' : 'findings NOT reproduced'}`);
  for (const p of r.problems) lines.push(`problem: ${p}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `demarc verify <dir>`: rechecks every hash, the manifest's own claims and the signature of an evidence
 * bundle and re-evaluates its snapshot. Exit 0 when everything holds, 1 on any difference (a damaged
 * signature file included: the bundle does not verify), 2 when the directory or the given key is unusable.
 */
export function verifyCommand(run: (code: number) => void): Command {
  const cmd = new Command('verify')
    .description('Verify an evidence bundle: file hashes, signature, and that its snapshot reproduces its findings')
    .argument('<dir>', 'evidence bundle directory (written by audit --evidence)')
    .option('--public-key <file>', "signer's Ed25519 public key (PEM); without it the embedded key is used and its fingerprint printed")
    .option('--json', 'print the result as JSON');
  return addThreadsOption(cmd).action(async (dir: string, o: { publicKey?: string; json?: boolean; threads?: number }) => {
    const key = o.publicKey ? await loadPublicKey(resolve(o.publicKey)) : undefined;
    const result = await verifyBundle(resolve(dir), key, o.threads);
    await writeStdout(o.json ? `${JSON.stringify(result, null, 2)}\n` : verifyText(dir, result));
    run(result.ok ? 0 : 1);
  });
}
