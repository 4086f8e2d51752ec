import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import { readVerificationHistory } from './read-history.js';

/**
 * The configuration with the run history the CIP-004-7 R4.2 rule reads: that of `--baseline DIR`
 * (absent before its first run, which creates it), else the configured `history.stateDir` (which
 * must exist), else none (the rule is then not evaluated).
 */
export async function withHistory(loaded: LoadedConfig, baseline?: string): Promise<LoadedConfig> {
  const stateDir = loaded.config.history?.stateDir;
  if (baseline) return { ...loaded, history: await readVerificationHistory(resolve(baseline), 'empty') };
  if (stateDir) return { ...loaded, history: await readVerificationHistory(resolve(loaded.baseDir, stateDir), 'error') };
  return loaded;
}
