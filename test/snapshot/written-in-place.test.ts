import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/snapshot/read-snapshot.js';
import { writeSnapshot } from '../../src/snapshot/write-snapshot.js';
import { estateOf, group, person, source, user } from '../helpers/estate-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'demarc-written-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('snapshots demarc writes', () => {
  it('are read in place: collected accounts, groups and persons come back raw, not parsed into objects', async () => {
    const estate = estateOf(
      source('it', {
        accounts: [user('alice', { employeeId: 'E1', sid: 'S-1-5-21-1-2-3-1001', primaryGroupId: 513 }), user('bob')],
        groups: [group('g', ['alice', 'bob'])],
      }),
      source('hr', { persons: [person('P1', { employeeId: 'E1' }), person('P2')] }),
    );
    const file = join(dir, 'estate.jsonl');
    await writeSnapshot(file, estate);
    const back = await readSnapshot(file);
    // Connectors build records with `kind` after their other fields; the writer must put it first.
    expect(Array.from({ length: back.principals.length }, (_, i) => back.principals.isHeld(i))).toEqual([false, false, false]);
    expect(Array.from({ length: back.persons.length }, (_, i) => back.persons.isHeld(i))).toEqual([false, false]);
    expect(back.principals.toArray()).toEqual(estate.principals.toArray());
    expect(back.persons.toArray()).toEqual(estate.persons.toArray());
  });
});
