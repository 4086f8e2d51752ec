import { stat } from 'node:fs/promises';
import type { Estate } from '../estate/estate.js';

/** `snap.jsonl` -> `snap.incomplete.jsonl` (`.jsonl.gz` likewise); any other name gets `.incomplete` appended. */
export function incompleteSnapshotPath(path: string): string {
  const m = /^(.*?)(\.jsonl(?:\.gz)?)$/i.exec(path);
  return m && m[1] ? `${m[1]}.incomplete${m[2]}` : `${path}.incomplete`;
}

export interface SnapshotTarget {
  /** Where the snapshot is written. */
  path: string;
  /** True when an incomplete collection was sent beside an existing snapshot instead of over it. */
  keptPrevious: boolean;
}

/**
 * An incomplete collection never replaces an existing snapshot: a scheduled `collect -o` whose directory
 * server died would otherwise swap the last good snapshot for one that lacks what it could not read. It is
 * written beside it (`incompleteSnapshotPath`), so what was collected is kept for diagnosis and auditing.
 */
export async function snapshotTarget(path: string, estate: Estate): Promise<SnapshotTarget> {
  if (estate.sources.every((s) => s.complete)) return { path, keptPrevious: false };
  const exists = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  return exists ? { path: incompleteSnapshotPath(path), keptPrevious: true } : { path, keptPrevious: false };
}
