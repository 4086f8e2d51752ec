import { resolve } from 'node:path';
import { readVerificationHistory } from '../baseline/read-history.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { VerificationHistory } from '../model/verification-history.js';

/**
 * The run history the CIP-004-7 R4.2 rule reads: that of `--baseline DIR` (absent before its first
 * run, which creates it), else the configured `history.stateDir` (which must exist), else none (the
 * rule is then not evaluated).
 */
export async function auditHistory(baseline: string | undefined, loaded: LoadedConfig): Promise<VerificationHistory | undefined> {
  if (baseline) return readVerificationHistory(resolve(baseline), 'empty');
  const dir = loaded.config.history?.stateDir;
  return dir ? readVerificationHistory(resolve(loaded.baseDir, dir), 'error') : undefined;
}
