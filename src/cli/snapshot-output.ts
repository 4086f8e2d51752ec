import type { Estate } from '../estate/estate.js';
import { snapshotTarget } from '../snapshot/snapshot-target.js';
import { writeSnapshot } from '../snapshot/write-snapshot.js';
import type { Logger } from './logger.js';

/** Says which file holds what: the previous snapshot untouched, this collection beside it. */
export function logSnapshotKept(logger: Logger, output: string, written: string): void {
  logger.log(
    'error',
    `the collection is incomplete: ${output} was left as it was (an incomplete collection never replaces a snapshot); this collection was written to ${written}`,
  );
}

/** `--save-snapshot`: the collected estate, never over an existing snapshot when a source is incomplete. */
export async function saveSnapshot(path: string, estate: Estate, logger: Logger): Promise<void> {
  const target = await snapshotTarget(path, estate);
  await writeSnapshot(target.path, estate);
  if (target.keptPrevious) logSnapshotKept(logger, path, target.path);
}
