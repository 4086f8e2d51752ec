import { resolve } from 'node:path';
import { DateTime, Duration } from 'luxon';
import type { CollectContext } from '../connectors/connector.js';
import type { SnapshotSourceConfig } from '../connectors/snapshot/snapshot-source-config.js';
import type { Estate } from '../estate/estate.js';
import type { EstatePart } from '../estate/merge.js';
import type { Source } from '../model/source.js';
import { readSnapshot } from '../snapshot/read-snapshot.js';
import { verifySnapshotSignature } from '../snapshot/signature.js';
import { loadPublicKey } from '../util/ed25519-keys.js';
import { InputError } from '../util/errors.js';
import { assertReadableFile, sha256File } from '../util/files.js';

/**
 * Reads a configured snapshot: verifies its signature when a public key is configured (a missing or bad
 * one is an input error naming the file), checks that it holds every source the configuration expects
 * from it, and marks each taken source with where it came from. A snapshot older than `maxAge` is still
 * merged, but its sources are incomplete, so the run is (exit 3) and says why.
 */
export async function readSnapshotSource(sc: SnapshotSourceConfig, ctx: CollectContext): Promise<EstatePart> {
  const file = resolve(ctx.baseDir, sc.file);
  await assertReadableFile(file, `snapshot of source ${sc.id}`);
  let signedBy: string | undefined;
  let hash: string;
  if (sc.publicKey) {
    const key = await loadPublicKey(resolve(ctx.baseDir, sc.publicKey));
    const v = await verifySnapshotSignature(file, key);
    hash = v.sha256;
    signedBy = v.fingerprint;
  } else hash = await sha256File(file);
  const estate = await readSnapshot(file, { threads: ctx.threads });
  const held = new Set(estate.sources.map((s) => s.id));
  const missing = sc.sources.filter((id) => !held.has(id));
  if (missing.length > 0)
    throw new InputError(
      `source ${sc.id}: the snapshot holds no source ${missing.map((m) => `"${m}"`).join(', ')}`,
      { file },
      `it holds: ${[...held].join(', ') || '(none)'}; list those in sources: of ${sc.id}`,
    );
  const stale = staleness(sc, estate, ctx.now);
  const keep = new Set(sc.sources);
  estate.sources = estate.sources.map((s): Source => {
    if (!keep.has(s.id)) return s;
    const marked: Source = {
      ...s,
      snapshot: {
        via: sc.id,
        file,
        sha256: hash,
        createdAt: estate.createdAt,
        ...(estate.collectedBy ? { collectedBy: estate.collectedBy } : {}),
        ...(signedBy ? { signedBy } : {}),
      },
    };
    return stale
      ? { ...marked, complete: false, problems: [...s.problems, { level: 'incomplete', code: 'snapshot-too-old', message: stale }] }
      : marked;
  });
  return { estate, keep };
}

/** Why the snapshot is too old for `maxAge`, or undefined. Age is measured from when it was written. */
function staleness(sc: SnapshotSourceConfig, estate: Estate, now: Date): string | undefined {
  if (!sc.maxAge) return undefined;
  const written = DateTime.fromISO(estate.createdAt, { zone: 'utc' });
  const limit = Duration.fromISO(sc.maxAge);
  const age = DateTime.fromJSDate(now, { zone: 'utc' }).diff(written);
  if (age.toMillis() <= limit.toMillis()) return undefined;
  const shown = age.shiftTo('days', 'hours', 'minutes').toHuman({ maximumFractionDigits: 0 });
  return `snapshot ${sc.file} was written at ${estate.createdAt}, ${shown} before this run: older than maxAge ${sc.maxAge}`;
}
