import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incompleteSnapshotPath, snapshotTarget } from '../../src/snapshot/snapshot-target.js';
import { estateOf, source, user } from '../helpers/estate-builder.js';
import { tempDir } from '../helpers/cli.js';

describe('where a collected snapshot is written', () => {
  it.each([
    ['snap.jsonl', 'snap.incomplete.jsonl'],
    ['out/estate.jsonl.gz', 'out/estate.incomplete.jsonl.gz'],
    ['/var/lib/demarc/latest.JSONL', '/var/lib/demarc/latest.incomplete.JSONL'],
    ['snapshot', 'snapshot.incomplete'],
    ['.jsonl', '.jsonl.incomplete'],
  ])('%s: an incomplete collection beside it goes to %s', (path, expected) => {
    expect(incompleteSnapshotPath(path)).toBe(expected);
  });

  const complete = estateOf(source('it', { accounts: [user('a')] }));
  const incomplete = estateOf(source('it', { accounts: [user('a')], source: { complete: false } }));

  it('a complete collection replaces the snapshot; an incomplete one replaces nothing, and takes the path when it is free', async () => {
    const dir = tempDir();
    const path = join(dir, 'snap.jsonl');
    expect(await snapshotTarget(path, incomplete)).toEqual({ path, keptPrevious: false });
    writeFileSync(path, 'previous');
    expect(await snapshotTarget(path, complete)).toEqual({ path, keptPrevious: false });
    expect(await snapshotTarget(path, incomplete)).toEqual({ path: join(dir, 'snap.incomplete.jsonl'), keptPrevious: true });
  });
});
