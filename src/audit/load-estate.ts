import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import type { CollectContext } from '../connectors/connector.js';
import type { Estate } from '../estate/estate.js';
import { defaultIndexPath } from '../snapshot/index-format.js';
import { readIndexed } from '../snapshot/read-index.js';
import { readSnapshot } from '../snapshot/read-snapshot.js';
import { collectSources } from './collect.js';
import { InputError } from '../util/errors.js';
import { assertReadableFile } from '../util/files.js';

/**
 * The estate to evaluate: a stored snapshot when given, else a live collection of the configured sources.
 * With `index` (a path, or true for the one beside the snapshot), the snapshot is read through the index
 * `demarc index` wrote; an index that does not match the snapshot's bytes, or this demarc, is reported and
 * the snapshot read in full, so the answer is the same either way.
 */
export async function loadEstate(
  loaded: LoadedConfig,
  snapshot: string | undefined,
  ctx: CollectContext,
  index?: string | true,
): Promise<Estate> {
  if (snapshot) {
    const file = resolve(snapshot);
    await assertReadableFile(file, 'snapshot');
    if (index !== undefined) {
      const indexFile = index === true ? defaultIndexPath(file) : resolve(index);
      await assertReadableFile(indexFile, 'snapshot index');
      const r = await readIndexed(file, indexFile);
      if ('estate' in r) {
        ctx.log('debug', `snapshot read through its index ${indexFile}`, { index: indexFile });
        return r.estate;
      }
      ctx.log('warn', `snapshot index ${indexFile} not used: ${r.unusable}; reading the snapshot in full (demarc index writes it anew)`, {
        index: indexFile,
        reason: r.unusable,
      });
    }
    return readSnapshot(file, {
      threads: ctx.threads,
      onRead: (how) => ctx.log('debug', `snapshot read by ${how.threads} thread(s) in ${how.chunks} chunk(s)`, how),
    });
  }
  if (index !== undefined)
    throw new InputError('--index reads a snapshot through its index: give the snapshot with --snapshot', { path: '--index' });
  return collectSources(loaded.config, ctx);
}
