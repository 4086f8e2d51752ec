import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import type { CollectContext } from '../connectors/connector.js';
import type { Estate } from '../estate/estate.js';
import { readSnapshot } from '../snapshot/read-snapshot.js';
import { collectSources } from './collect.js';
import { assertReadableFile } from '../util/files.js';

/** The estate to evaluate: a stored snapshot when given, else a live collection of the configured sources. */
export async function loadEstate(loaded: LoadedConfig, snapshot: string | undefined, ctx: CollectContext): Promise<Estate> {
  if (snapshot) {
    await assertReadableFile(resolve(snapshot), 'snapshot');
    return readSnapshot(resolve(snapshot), {
      threads: ctx.threads,
      onRead: (how) => ctx.log('debug', `snapshot read by ${how.threads} thread(s) in ${how.chunks} chunk(s)`, how),
    });
  }
  return collectSources(loaded.config, ctx);
}
