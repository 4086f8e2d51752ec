import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { AuditResult } from '../audit/run-audit.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { Estate } from '../estate/estate.js';
import { loadSigningKey } from '../evidence/signing.js';
import { ensureNewDir, writeEvidenceBundle } from '../evidence/write-bundle.js';
import { InputError } from '../util/errors.js';
import type { Logger } from './logger.js';
import type { WrittenFile } from './output.js';

export interface EvidenceOptions {
  evidence?: string;
  signKey?: string;
}

/** Adds --evidence and --sign-key to the audit command. */
export const addEvidenceOptions = (cmd: Command): Command =>
  cmd
    .option(
      '--evidence <dir>',
      'also write a NERC CIP evidence bundle (snapshot, findings, report, populations, manifest) to this new directory',
    )
    .option('--sign-key <file>', 'sign the evidence manifest with this Ed25519 private key (PEM)');

/**
 * Checks --evidence and --sign-key before anything is collected, so a bad key or a used directory
 * fails in a second rather than after a long collection.
 */
export async function checkEvidenceOptions(o: EvidenceOptions): Promise<void> {
  if (o.signKey && !o.evidence)
    throw new InputError('--sign-key needs --evidence <dir>', {}, 'add --evidence <dir> to write a bundle to sign');
  if (o.signKey) await loadSigningKey(resolve(o.signKey));
  if (o.evidence) await ensureNewDir(resolve(o.evidence));
}

/** Writes the bundle when --evidence was given; --sign-key alone is a usage error. */
export async function writeEvidenceIfRequested(
  o: EvidenceOptions,
  loaded: LoadedConfig,
  estate: Estate,
  audit: AuditResult,
  logger: Logger,
  argv: readonly string[] = process.argv,
  findingsFile?: WrittenFile,
): Promise<void> {
  if (!o.evidence) {
    if (o.signKey) throw new InputError('--sign-key needs --evidence <dir>', {}, 'add --evidence <dir> to write a bundle to sign');
    return;
  }
  const r = await writeEvidenceBundle(resolve(o.evidence), {
    loaded,
    estate,
    report: audit.report,
    packs: audit.packs,
    populations: audit.populations,
    ...(findingsFile ? { findingsFile } : {}),
    argv,
    signKeyFile: o.signKey ? resolve(o.signKey) : undefined,
  });
  logger.log(
    'info',
    `evidence bundle written to ${r.dir} (${r.files.length} files${r.signed ? `, signed by Ed25519 key SHA-256 ${r.publicKeyFingerprint}` : ', unsigned'})`,
  );
}
