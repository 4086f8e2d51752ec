import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticSnapshot, SYNTHETIC_CONFIG } from '../../bench/generate-estate.js';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc } from '../helpers/cli.js';
import { tables } from '../helpers/estate-tables.js';
import type { Estate } from '../../src/estate/estate.js';

// The built modules, as in threaded-read.test.ts: their reading threads run dist/snapshot/scan-worker.js.
const built = (path: string): Promise<unknown> => import(new URL(`../../dist/${path}`, import.meta.url).href);
const { readSnapshot } = (await built('snapshot/read-snapshot.js')) as typeof import('../../src/snapshot/read-snapshot.js');
const { writeSnapshotIndex } = (await built('snapshot/write-index.js')) as typeof import('../../src/snapshot/write-index.js');
const { readIndexed } = (await built('snapshot/read-index.js')) as typeof import('../../src/snapshot/read-index.js');
const { memberOfIndex } = (await built('estate/member-of.js')) as typeof import('../../src/estate/member-of.js');
const { loadConfig } = (await built('config/load-config.js')) as typeof import('../../src/config/load-config.js');
const { runAudit } = (await built('audit/run-audit.js')) as typeof import('../../src/audit/run-audit.js');

/*
 * An index holds the tables a full read builds, each line named by its byte range in the snapshot. Read
 * through it, a snapshot must give exactly what a full read gives, whichever way the full read cut the
 * file: one thread reading 8 MiB stream buffers (lines split across two buffers are joined into a buffer
 * of their own), reading threads with chunks of whole lines, lines held as objects (read by the parsing
 * path). And an index that does not belong to these bytes, or to this demarc, must never be used.
 */
const dir = mkdtempSync(join(tmpdir(), 'demarc-index-'));
const NOW = new Date('2026-11-25T00:00:00Z');

let generated: string;
let wideDeep: string;
let large: string;

beforeAll(async () => {
  generated = join(dir, 'generated.snapshot.jsonl');
  await writeSyntheticSnapshot(generated, { persons: 3000, accounts: 4000, groups: 400, memberships: 30_000, depth: 6, seed: 7 });
  wideDeep = join(dir, 'wide-deep.snapshot.jsonl');
  await writeSyntheticSnapshot(wideDeep, {
    persons: 1500,
    accounts: 2000,
    groups: 300,
    memberships: 10_000,
    depth: 6,
    seed: 3,
    shape: 'wide-deep',
  });
  large = join(dir, 'large.snapshot.jsonl');
  await writeSyntheticSnapshot(large, { persons: 20_000, accounts: 27_000, groups: 2000, memberships: 150_000, depth: 6, seed: 11 });
  writeFileSync(join(dir, 'demarc.yaml'), SYNTHETIC_CONFIG);
});

/** Writes the index of `snapshot` (read as `how` says) and reads the snapshot back through it. */
async function throughIndex(snapshot: string, how: Parameters<typeof writeSnapshotIndex>[2] = {}): Promise<Estate> {
  const index = `${snapshot}.index`;
  await writeSnapshotIndex(snapshot, index, how);
  const r = await readIndexed(snapshot, index);
  if (!('estate' in r)) throw new Error(`index not used: ${r.unusable}`);
  return r.estate;
}

/** The demo snapshot copied here: its index is written beside it, not into fixtures/. */
const demoCopy = (): string => {
  const copy = join(dir, 'demo-copy.snapshot.jsonl');
  copyFileSync(DEMO_SNAPSHOT, copy);
  return copy;
};

/** The tables of both reads, and the reverse member lists the index adds, equal to those the full read's tables give. */
function expectSame(indexed: Estate, full: Estate): void {
  const m = indexed.principals.memberOf;
  expect(m).toBeDefined();
  const want = memberOfIndex(full.principals);
  expect(Array.from(m!.start)).toEqual(Array.from(want.start));
  expect(Array.from(m!.to)).toEqual(Array.from(want.to));
  expect(tables(indexed)).toBe(tables(full));
}

const unusable = async (snapshot: string, index: string): Promise<string> => {
  const r = await readIndexed(snapshot, index);
  return 'unusable' in r ? r.unusable : 'used';
};

describe('a snapshot read through its index', () => {
  it('gives the tables of a full read: the demo snapshot (records held as objects among raw lines)', async () => {
    expectSame(await throughIndex(demoCopy()), await readSnapshot(DEMO_SNAPSHOT, { threads: 1 }));
  });

  it('gives the tables of a full read: written from reading threads with small chunks', async () => {
    const viaThreads = await throughIndex(generated, { threads: 3, threadedFrom: 0, chunkBytes: 16 << 10 });
    expectSame(viaThreads, await readSnapshot(generated, { threads: 1 }));
  });

  it('gives the tables of a full read: very wide groups and a 100-deep chain', async () => {
    expectSame(await throughIndex(wideDeep, { threads: 1 }), await readSnapshot(wideDeep, { threads: 1 }));
  });

  it('gives the tables of a full read: a file larger than the read buffer, lines joined across buffers', async () => {
    // The one-thread reader takes the file in 8 MiB buffers; a line cut by a buffer's end is copied into a
    // buffer of its own, whose place in the file the index must still know.
    expect(statSync(large).size).toBeGreaterThan(8 << 20);
    expectSame(await throughIndex(large, { threads: 1 }), await readSnapshot(large, { threads: 1 }));
  });

  it('gives the tables of a full read: CRLF line ends (every record parsed and held as an object)', async () => {
    const crlf = join(dir, 'crlf.snapshot.jsonl');
    writeFileSync(crlf, readFileSync(generated, 'utf8').replaceAll('\n', '\r\n'));
    expectSame(await throughIndex(crlf, { threads: 1 }), await readSnapshot(crlf, { threads: 1 }));
  });

  it('gives the same tables when the snapshot is hashed on this thread (no compiled hashing thread beside the module)', async () => {
    const fromSources = await import('../../src/snapshot/read-index.js');
    await writeSnapshotIndex(generated, `${generated}.index`, { threads: 1 });
    const r = await fromSources.readIndexed(generated, `${generated}.index`);
    if (!('estate' in r)) throw new Error(r.unusable);
    expectSame(r.estate, await readSnapshot(generated, { threads: 1 }));
  });

  it('gives the audit of a full read', async () => {
    const loaded = await loadConfig(join(dir, 'demarc.yaml'));
    const a = await runAudit(loaded, await readSnapshot(generated, { threads: 1 }), NOW);
    const b = await runAudit(loaded, await throughIndex(generated, { threads: 1 }), NOW);
    expect(a.report.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(b.report)).toBe(JSON.stringify(a.report));
  });
});

describe('an index that does not belong is never used', () => {
  const fresh = async (name: string): Promise<{ snapshot: string; index: string }> => {
    const snapshot = join(dir, `${name}.snapshot.jsonl`);
    copyFileSync(generated, snapshot);
    const index = `${snapshot}.index`;
    await writeSnapshotIndex(snapshot, index, { threads: 1 });
    expect(await unusable(snapshot, index)).toBe('used');
    return { snapshot, index };
  };

  it('a snapshot changed in one byte, same size', async () => {
    const { snapshot, index } = await fresh('edited');
    const bytes = readFileSync(snapshot);
    const at = bytes.indexOf('"name":"') + 8;
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
    writeFileSync(snapshot, bytes);
    expect(await unusable(snapshot, index)).toMatch(/not the one it was written for \(its SHA-256 differs\)/);
  });

  it('an index damaged in one byte of its columns, or cut short', async () => {
    const { snapshot, index } = await fresh('damaged');
    const bytes = readFileSync(index);
    bytes[bytes.length - 3]! ^= 1;
    writeFileSync(index, bytes);
    expect(await unusable(snapshot, index)).toMatch(/damaged \(its body does not match the SHA-256/);
    writeFileSync(index, bytes.subarray(0, bytes.length >> 1));
    expect(await unusable(snapshot, index)).toMatch(/damaged/);
  });

  it('an index written by another demarc version', async () => {
    const { snapshot, index } = await fresh('other-version');
    const bytes = readFileSync(index);
    const nl = bytes.indexOf(10);
    const header = JSON.parse(bytes.subarray(0, nl).toString()) as { demarc: string };
    const other = JSON.stringify({ ...header, demarc: '0.0.1' }).padEnd(nl, ' ');
    writeFileSync(index, Buffer.concat([Buffer.from(other), bytes.subarray(nl)]));
    expect(await unusable(snapshot, index)).toMatch(/written by demarc 0\.0\.1/);
  });

  it('a file that is not an index', async () => {
    const { snapshot } = await fresh('not-an-index');
    expect(await unusable(snapshot, snapshot)).toMatch(/not a demarc snapshot index/);
  });

  it('a compressed snapshot cannot be indexed, and the error says what to do', async () => {
    await expect(writeSnapshotIndex(join(dir, 'x.jsonl.gz'), join(dir, 'x.index'))).rejects.toThrow(
      /compressed snapshot cannot be indexed/,
    );
  });
});

describe('demarc index and --index', () => {
  const json = (out: string): unknown => {
    const doc = JSON.parse(out) as { evaluatedAt?: string };
    delete doc.evaluatedAt;
    return doc;
  };
  const demo = (snapshot: string) => ['-c', DEMO_CONFIG, '-s', snapshot, '--now', '2026-11-25T12:00:00Z'];

  it('writes an owner-only index, and check --index gives what check gives', () => {
    const snapshot = join(dir, 'demo.snapshot.jsonl');
    copyFileSync(DEMO_SNAPSHOT, snapshot);
    const w = demarc(['index', snapshot]);
    expect(w.stderr).toMatch(/wrote .*demo\.snapshot\.jsonl\.index: \d+ principals, \d+ persons/);
    expect(w.code).toBe(0);
    expect(statSync(`${snapshot}.index`).mode & 0o777).toBe(0o600);
    const plan = ['--plan', 'fixtures/plans/onboard-soc-analyst.yaml', '-f', 'json'];
    const plain = demarc(['check', ...demo(snapshot), ...plan]);
    const indexed = demarc(['check', ...demo(snapshot), ...plan, '--index', '--verbose']);
    expect(indexed.stderr).toContain('snapshot read through its index');
    expect(plain.code).toBe(1);
    expect(indexed.code).toBe(plain.code);
    expect(json(indexed.stdout)).toEqual(json(plain.stdout));
  });

  it('audit --index with a stale index says so, reads the snapshot in full and gives its findings', () => {
    const snapshot = join(dir, 'stale.snapshot.jsonl');
    copyFileSync(DEMO_SNAPSHOT, snapshot);
    expect(demarc(['index', snapshot, '-o', join(dir, 'stale.index')]).code).toBe(0);
    // A person's display name edited after indexing (same length, so only the hash tells).
    const text = readFileSync(snapshot, 'utf8');
    const edited = text.replace(/"name":"([A-Z])/, (_m, c: string) => `"name":"${c === 'Q' ? 'R' : 'Q'}`);
    expect(edited).not.toBe(text);
    writeFileSync(snapshot, edited);
    const plain = demarc(['audit', ...demo(snapshot), '-f', 'json']);
    const indexed = demarc(['audit', ...demo(snapshot), '-f', 'json', '--index', join(dir, 'stale.index')]);
    expect(indexed.stderr).toMatch(/snapshot index .*stale\.index not used: the snapshot is not the one it was written for/);
    expect(indexed.code).toBe(plain.code);
    expect(json(indexed.stdout)).toEqual(json(plain.stdout));
  });

  it('--index naming no file, or without --snapshot, is a usage error (exit 2)', () => {
    const missing = demarc(['audit', ...demo(DEMO_SNAPSHOT), '--index', join(dir, 'no-such.index')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read snapshot index: .*ENOENT/);
    const noSnapshot = demarc(['check', '-c', DEMO_CONFIG, '--index', '--person', 'E1001', '--add-member', 'it-entra:SOC-Escalation']);
    expect(noSnapshot.code).toBe(2);
    expect(noSnapshot.stderr).toContain('--index reads a snapshot through its index');
  });
});
