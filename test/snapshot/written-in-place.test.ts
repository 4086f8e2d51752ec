import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// An evidence bundle holds a copy of the snapshot its audit read. Records still held as the lines they
// were read from are copied as those lines; a record read whole (it might have been changed) is written
// from the object. Either way the copy reads back as the same estate.
describe('a snapshot written from one it was read from', () => {
  const estate = (): ReturnType<typeof estateOf> =>
    estateOf(
      source('it', {
        accounts: [user('alice', { employeeId: 'E1', name: 'Alïce “A”' }), user('bob')],
        groups: [group('g', ['alice', 'bob'])],
      }),
      source('hr', { persons: [person('P1', { employeeId: 'E1' })] }),
    );
  const lines = (text: string): string[] => text.split('\n').filter((l) => /"kind":"(account|group|person)"/.test(l));

  it('copies the records it holds as lines, byte for byte, and reads back as the same estate', async () => {
    const first = join(dir, 'first.jsonl');
    await writeSnapshot(first, estate());
    const read = await readSnapshot(first);
    const second = join(dir, 'second.jsonl');
    await writeSnapshot(second, read);
    expect(lines(readFileSync(second, 'utf8'))).toEqual(lines(readFileSync(first, 'utf8')));
    const back = await readSnapshot(second);
    expect(back.principals.toArray()).toEqual(estate().principals.toArray());
    expect(back.persons.toArray()).toEqual(estate().persons.toArray());
  });

  it('writes a line another tool ended with spaces and a CR without them', async () => {
    const first = join(dir, 'crlf.jsonl');
    await writeSnapshot(first, estate());
    const text = readFileSync(first, 'utf8');
    const spaced = text
      .split('\n')
      .map((l) => (/"kind":"account"/.test(l) ? `${l}  \r` : l))
      .join('\n');
    writeFileSync(first, spaced);
    const second = join(dir, 'crlf-copy.jsonl');
    await writeSnapshot(second, await readSnapshot(first));
    const copied = readFileSync(second, 'utf8');
    expect(copied).not.toContain('\r');
    expect(lines(copied)).toEqual(lines(text));
  });

  it('writes a record read whole from its object, not from the line it came from', async () => {
    const first = join(dir, 'held.jsonl');
    await writeSnapshot(first, estate());
    const read = await readSnapshot(first);
    expect(read.principals.rawLine(0)).toBeDefined();
    // Reading a record whole holds it as an object, which may then differ from its line.
    const alice = read.principals.at(0) as { name: string };
    alice.name = 'changed';
    expect(read.principals.rawLine(0)).toBeUndefined();
    const second = join(dir, 'held-copy.jsonl');
    await writeSnapshot(second, read);
    expect((await readSnapshot(second)).principals.at(0).name).toBe('changed');
  });
});
