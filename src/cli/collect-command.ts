import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { collectSources } from '../audit/collect.js';
import { EXIT } from '../audit/report.js';
import { writeSnapshot } from '../snapshot/write-snapshot.js';
import { incompleteSnapshotPath, snapshotTarget, type SnapshotTarget } from '../snapshot/snapshot-target.js';
import { signSnapshot } from '../snapshot/signature.js';
import { loadSigningKey } from '../util/ed25519-keys.js';
import type { Estate } from '../estate/estate.js';
import { ensurePrivateDir } from '../util/atomic-write.js';
import { acquireWriteLock } from '../util/write-lock.js';
import type { Logger } from './logger.js';
import { logSnapshotKept } from './snapshot-output.js';
import { addCommonOptions, addThreadsOption, collectContext, makeLogger, parseNow, type CommonOptions } from './context.js';

interface CollectOptions extends CommonOptions {
  config: string;
  output: string;
  signKey?: string;
}

export function collectCommand(run: (code: number) => void): Command {
  const cmd = new Command('collect')
    .description('Collect every configured source into a snapshot (e.g. inside the OT network), to audit elsewhere')
    .requiredOption('-c, --config <file>', 'audit configuration (YAML)')
    .requiredOption('-o, --output <file>', 'snapshot file to write (.jsonl, or .jsonl.gz to compress)')
    .option('--state-dir <dir>', 'keep incremental collection state (e.g. Graph delta links) here')
    .option('--sign-key <file>', 'sign the snapshot with this Ed25519 private key (PEM): writes <output>.sig.json beside it');
  addCommonOptions(addThreadsOption(cmd)).action(async (o: CollectOptions) => {
    const logger = makeLogger(o);
    const now = parseNow(o.now);
    const loaded = await loadConfig(o.config);
    // Before a long collection: a bad key fails now (and is never printed).
    const key = o.signKey ? await loadSigningKey(resolve(o.signKey)) : undefined;
    const output = resolve(o.output);
    // Before a long collection: an unusable output path, or another collect writing to it, fails now.
    await ensurePrivateDir(dirname(output));
    const release = await acquireWriteLock(output);
    try {
      const estate = await collectSources(loaded.config, collectContext(o, logger, loaded.baseDir, loaded.config.timeZone, now));
      const target = await snapshotTarget(output, estate);
      await writeSnapshot(target.path, estate);
      if (key) {
        const sig = await signSnapshot(target.path, key);
        logger.log('info', `snapshot signed by Ed25519 key SHA-256 ${sig.fingerprint}: ${sig.file}`);
      }
      run(summarise(estate, o.output, target, logger));
    } finally {
      await release();
    }
  });
  return cmd;
}

/** Logs each source's state; the exit code is 3 when any source is incomplete. */
function summarise(estate: Estate, output: string, target: SnapshotTarget, logger: Logger): number {
  let incomplete = false;
  for (const s of estate.sources) {
    const counts = Object.entries(s.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    logger.log(s.complete ? 'info' : 'error', `${s.id}: ${s.complete ? 'complete' : 'INCOMPLETE'}${counts ? ` (${counts})` : ''}`);
    for (const p of s.problems) logger.log(p.level === 'incomplete' ? 'error' : 'warn', `${s.id}: ${p.message}`);
    incomplete ||= !s.complete;
  }
  if (target.keptPrevious) logSnapshotKept(logger, output, incompleteSnapshotPath(output));
  else logger.log('info', `snapshot written to ${output}`);
  return incomplete ? EXIT.incomplete : EXIT.clean;
}
