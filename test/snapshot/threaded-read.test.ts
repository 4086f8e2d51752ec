import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticSnapshot, SYNTHETIC_CONFIG } from '../../bench/generate-estate.js';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc } from '../helpers/cli.js';
import type { Estate } from '../../src/estate/estate.js';
import { tables } from '../helpers/estate-tables.js';

// The built modules (their reading threads run dist/snapshot/scan-worker.js; npm test builds first),
// typed by their sources and loaded by a path the type checker does not follow: lint runs before the build.
const built = (path: string): Promise<unknown> => import(new URL(`../../dist/${path}`, import.meta.url).href);
const { readSnapshot } = (await built('snapshot/read-snapshot.js')) as typeof import('../../src/snapshot/read-snapshot.js');
const { loadConfig } = (await built('config/load-config.js')) as typeof import('../../src/config/load-config.js');
const { runAudit } = (await built('audit/run-audit.js')) as typeof import('../../src/audit/run-audit.js');

/*
 * A snapshot read by several threads (chunks of whole lines scanned in parallel, then taken in file
 * order) gives what one thread gives: the same tables, the same audit, and for a bad file the same first
 * error, naming the same line. The chunks are made small here so that a few-hundred-KB file is cut into
 * dozens of them and a bad line can be put on either side of a cut.
 */
const dir = mkdtempSync(join(tmpdir(), 'demarc-threads-'));
const CHUNK = 16 << 10;

async function readBoth(path: string, chunkBytes = CHUNK): Promise<[Estate, Estate]> {
  const one = await readSnapshot(path, { threads: 1 });
  let how: { threads: number; chunks: number } | undefined;
  const many = await readSnapshot(path, { threads: 3, threadedFrom: 0, chunkBytes, onRead: (h) => (how = h) });
  // Not silently read on one thread: the comparison would prove nothing.
  expect(how!.threads).toBeGreaterThan(1);
  expect(how!.chunks).toBeGreaterThan(1);
  return [one, many];
}

async function errorOf(read: Promise<unknown>): Promise<{ message: string; render: string }> {
  try {
    await read;
  } catch (e) {
    return { message: (e as Error).message, render: (e as { render(): string }).render() };
  }
  throw new Error('the snapshot was read without an error');
}

/** The first error of a bad file, read by one thread and by several. */
async function errorsOf(path: string, chunkBytes = CHUNK) {
  return Promise.all([
    errorOf(readSnapshot(path, { threads: 1 })),
    errorOf(readSnapshot(path, { threads: 2, threadedFrom: 0, chunkBytes })),
  ]);
}

let generated: string;
let lines: string[];

beforeAll(async () => {
  generated = join(dir, 'generated.snapshot.jsonl');
  // A few thousand accounts, groups nested six levels deep with a few cycles (bench/generate-estate.ts).
  await writeSyntheticSnapshot(generated, { persons: 3000, accounts: 4000, groups: 400, memberships: 30_000, depth: 6, seed: 7 });
  writeFileSync(join(dir, 'demarc.yaml'), SYNTHETIC_CONFIG);
  lines = readFileSync(generated, 'utf8').trimEnd().split('\n');
});

const write = (name: string, ls: string[], eol = '\n'): string => {
  const path = join(dir, name);
  writeFileSync(path, ls.join(eol) + eol);
  return path;
};

/** The index of the first line that starts at or after byte `at` of the generated file. */
const lineAfter = (at: number): number => {
  let pos = 0;
  for (let k = 0; k < lines.length; k++) {
    if (pos >= at) return k;
    pos += Buffer.byteLength(lines[k]!) + 1;
  }
  return lines.length - 1;
};

describe('a snapshot read by several threads', () => {
  it('gives the same tables as one thread: the demo snapshot', async () => {
    const [one, many] = await readBoth(DEMO_SNAPSHOT, 2 << 10);
    expect(tables(many)).toBe(tables(one));
  });

  it('gives the same tables and the same audit: a generated estate with nested groups', async () => {
    const [one, many] = await readBoth(generated);
    expect(tables(many)).toBe(tables(one));
    const loaded = await loadConfig(join(dir, 'demarc.yaml'));
    const now = new Date('2026-11-25T00:00:00Z');
    const a = await runAudit(loaded, one, now);
    const b = await runAudit(loaded, many, now);
    expect(JSON.stringify(b.report)).toBe(JSON.stringify(a.report));
    expect(a.report.findings.length).toBeGreaterThan(0);
  });

  it('gives the same tables for lines longer than a chunk (a group of every account)', async () => {
    const at = lines.findIndex((l) => l.startsWith('{"kind":"group"'));
    const group = JSON.parse(lines[at]!) as { members: number[] };
    group.members = Array.from({ length: 4000 }, (_, k) => k);
    const ls = [...lines];
    ls[at] = JSON.stringify(group);
    expect(Buffer.byteLength(ls[at])).toBeGreaterThan(CHUNK);
    const [one, many] = await readBoth(write('long.snapshot.jsonl', ls));
    expect(tables(many)).toBe(tables(one));
  });

  it('gives the same tables for a file with CRLF line ends (read by the parsing path)', async () => {
    const [one, many] = await readBoth(write('crlf.snapshot.jsonl', lines, '\r\n'));
    expect(tables(many)).toBe(tables(one));
  });

  it('gives the same tables for a file without a newline after its end record', async () => {
    const path = join(dir, 'no-final-newline.snapshot.jsonl');
    writeFileSync(path, lines.join('\n'));
    const [one, many] = await readBoth(path);
    expect(tables(many)).toBe(tables(one));
  });

  describe('names the same first error, on the same line', () => {
    // Lines on both sides of a cut between chunks (the cuts fall after the first newline past each
    // multiple of CHUNK), one in the last chunk, and one in the first.
    const places = (): [string, number][] => [
      ['just after a cut', lineAfter(3 * CHUNK)],
      ['just before a cut', lineAfter(3 * CHUNK) - 1],
      ['in the last chunk', lines.length - 3],
      ['in the first chunk', 4],
    ];
    const account = (k: number) => lines.findIndex((l, j) => j >= k && l.startsWith('{"kind":"account"'));
    const group = (k: number) => lines.findIndex((l, j) => j >= k && l.startsWith('{"kind":"group"'));

    it('not JSON', async () => {
      for (const [where, k] of places()) {
        const ls = [...lines];
        ls[k] = ls[k]!.slice(0, -1);
        const [one, many] = await errorsOf(write('bad-json.snapshot.jsonl', ls));
        expect(one.render, where).toContain(`:${k + 1}`);
        expect(many, where).toEqual(one);
      }
    });

    it('a field the schema refuses (an account type that does not exist)', async () => {
      for (const [where, k] of places()) {
        const ls = [...lines];
        const a = account(Math.min(k, lines.length - 1));
        const at = a >= 0 ? a : account(0);
        ls[at] = ls[at]!.replace('"type":"user"', '"type":"robot"');
        const [one, many] = await errorsOf(write('bad-type.snapshot.jsonl', ls));
        expect(one.message, where).toContain('invalid record');
        expect(many, where).toEqual(one);
      }
    });

    it('bytes that are not UTF-8 (RFC 3629)', async () => {
      const k = lineAfter(5 * CHUNK);
      const head = lines.slice(0, k).join('\n') + '\n';
      const bad = Buffer.concat([Buffer.from(head), Buffer.from(lines[k]!.replace('"name":"', '"name":"\u00ff')), Buffer.from('\n')]);
      const bytes = Buffer.concat([bad, Buffer.from(lines.slice(k + 1).join('\n') + '\n')]);
      // 0xC3 0xBF is ÿ; a lone 0xFF byte is never UTF-8.
      const at = bytes.indexOf(Buffer.from([0xc3, 0xbf]), head.length);
      bytes[at] = 0xff;
      bytes[at + 1] = 0x41;
      const path = join(dir, 'bad-utf8.snapshot.jsonl');
      writeFileSync(path, bytes);
      const [one, many] = await errorsOf(path);
      expect(one.message).toContain('not valid UTF-8');
      expect(many).toEqual(one);
    });

    it('an id twice in one source, the second after a cut', async () => {
      const k = account(lineAfter(4 * CHUNK));
      const ls = [...lines];
      const source = ls[k]!.match(/"source":"[^"]*"/)![0];
      const earlier = lines.findIndex((l) => l.startsWith('{"kind":"account"') && l.includes(source));
      ls[k] = ls[k]!.replace(/"id":"[^"]*"/, ls[earlier]!.match(/"id":"[^"]*"/)![0]);
      const [one, many] = await errorsOf(write('dup-account.snapshot.jsonl', ls));
      expect(one.message).toContain('two principals with id');
      expect(many).toEqual(one);
      // A copy of the first person, in a later chunk (persons are not principals: no index shifts).
      const first = lines.find((l) => l.startsWith('{"kind":"person"'))!;
      const at = lineAfter(lines.indexOf(first) > 0 ? Buffer.byteLength(lines.slice(0, lines.indexOf(first)).join('\n')) + 4 * CHUNK : 0);
      const ps = [...lines.slice(0, at), first, ...lines.slice(at)];
      const [onePerson, manyPerson] = await errorsOf(write('dup-person.snapshot.jsonl', ps));
      expect(onePerson.message).toContain('two persons with id');
      expect(manyPerson).toEqual(onePerson);
    });

    it('a group among its own members, in a later chunk', async () => {
      const k = group(lineAfter(3 * CHUNK));
      const ls = [...lines];
      const g = JSON.parse(ls[k]!) as { members: number[] };
      // Its own index: the principals before it (every principal line before it, from line 1).
      const self = ls.slice(0, k).filter((l) => /^\{"kind":"(account|group|foreign)"/.test(l)).length;
      g.members = [...g.members, self];
      ls[k] = JSON.stringify(g);
      const [one, many] = await errorsOf(write('self-member.snapshot.jsonl', ls));
      expect(one.message).toContain('lists itself as a member');
      expect(many).toEqual(one);
    });

    it('content after the end record, and an end record that miscounts', async () => {
      const after = [...lines, lines[lines.length - 2]!];
      const [one, many] = await errorsOf(write('after-end.snapshot.jsonl', after));
      expect(one.message).toContain('content after the end record');
      expect(many).toEqual(one);
      // A person less (a principal less would shift every index after it).
      const gone = lines.findIndex((l, j) => j >= lineAfter(2 * CHUNK) && l.startsWith('{"kind":"person"'));
      const short = lines.filter((_, j) => j !== gone);
      const [oneShort, manyShort] = await errorsOf(write('miscount.snapshot.jsonl', short));
      expect(oneShort.message).toContain('end record counts');
      expect(manyShort).toEqual(oneShort);
    });

    it('a file that ends without its end record', async () => {
      const [one, many] = await errorsOf(write('truncated.snapshot.jsonl', lines.slice(0, -1)));
      expect(one.message).toContain('without its end record');
      expect(many).toEqual(one);
    });
  });
});

describe('--threads', () => {
  it('takes a whole number of at least 1, and refuses anything else as a usage error', () => {
    for (const bad of ['0', '-1', '1.5', 'two', ''])
      expect(demarc(['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--threads', bad, '--quiet']).code, bad).toBe(2);
    const one = demarc(['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--threads', '1', '-f', 'json', '--now', '2026-11-25T00:00:00Z']);
    const two = demarc(['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--threads', '2', '-f', 'json', '--now', '2026-11-25T00:00:00Z']);
    expect(two.stdout).toBe(one.stdout);
    expect(two.code).toBe(one.code);
  });

  it('reads a small snapshot on one thread: starting threads would cost more than they save', () => {
    const r = demarc(['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--threads', '2', '--verbose', '-f', 'json']);
    expect(r.stderr).toContain('snapshot read by 1 thread(s) in 1 chunk(s)');
  });
});
