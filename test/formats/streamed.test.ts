import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model/findings.js';
import { chunkFormatters, formatters, type Format } from '../../src/report/formats/index.js';
import { sarifLog } from '../../src/report/formats/sarif.js';
import { compactList, jsonChunks, joinChunks, lazyList } from '../../src/report/json-chunks.js';
import { visibleStrings } from '../../src/report/visible-text.js';
import { sha256, writePrivateFileChunks } from '../../src/util/files.js';
import { FORMAT_OPTIONS, HOSTILE_FP, loadFixture } from './fixture.js';

const STREAMED: Format[] = ['json', 'csv', 'sarif', 'ocsf'];
const dir = mkdtempSync(join(tmpdir(), 'demarc-streamed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the formats wrote before they were streamed: lazy lists as the arrays they stand for, one native stringify. */
const asArrays = (_k: string, v: unknown): unknown =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Symbol.iterator in v ? [...(v as Iterable<unknown>)] : v;

/**
 * The findings document as documented: the top level as `JSON.stringify(report, null, 2)` writes it, the
 * findings one per line, each as `JSON.stringify(finding)` writes it. Built here by replacing the indented
 * findings list with the lines, so the envelope is JSON.stringify's own.
 */
function findingsDocument(report: Report): string {
  const mark = '@@findings@@';
  const envelope = JSON.stringify({ ...report, findings: mark }, null, 2);
  const list = report.findings.length === 0 ? '[]' : `[\n${report.findings.map((f) => `    ${JSON.stringify(f)}`).join(',\n')}\n  ]`;
  return `${envelope.replace(JSON.stringify(mark), () => list)}\n`;
}

describe('jsonChunks', () => {
  const values: unknown[] = [
    null,
    0,
    'text',
    [],
    {},
    [undefined, () => 1, Symbol('s'), null, NaN, -0, 1e21],
    { a: undefined, b: () => 1, c: [{}, [], [[]], { d: {} }], 'k\u202e"\n': 'v\u0000\u2028\ud800' },
    { when: new Date('2026-11-25T00:00:00Z'), boxed: [new Number(3), new String('s'), new Boolean(false)] },
    { map: new Map([[1, 2]]), set: new Set([1]), 2: 'integer keys first', 1: 'as JSON.stringify orders them' },
    { deep: [[[[[[{ x: [1, { y: 'z' }] }]]]]]] },
    loadFixture(),
  ];
  it.each([0, 1, 2, 3, 4, 8])('joined, is JSON.stringify(value, null, 2) at depth %i', (depth) => {
    for (const v of values) expect(joinChunks(jsonChunks(v, depth))).toBe(JSON.stringify(v, null, 2));
  });

  it('writes a compact list within its depth an entry per line, unindented; deeper, it is the array', () => {
    const entries = [{ n: 1, list: [1, 2] }, 'two', null, { nested: { deep: [{}] } }];
    const doc = (): unknown => ({ a: 1, inner: { list: compactList(entries) } });
    for (const depth of [2, 5]) {
      const text = joinChunks(jsonChunks(doc(), depth));
      expect(JSON.parse(text)).toEqual({ a: 1, inner: { list: entries } });
      const lines = text.split('\n');
      for (const e of entries) expect(lines).toContain(`      ${JSON.stringify(e)}${e === entries.at(-1) ? '' : ','}`);
    }
    for (const depth of [0, 1])
      expect(joinChunks(jsonChunks(doc(), depth))).toBe(JSON.stringify({ a: 1, inner: { list: entries } }, null, 2));
    expect(joinChunks(jsonChunks(compactList([]), 2))).toBe('[]');
    expect(joinChunks(jsonChunks(compactList(lazyList([1, 2], (n) => ({ n }))), 2))).toBe('[\n  {"n":1},\n  {"n":2}\n]');
    expect(JSON.stringify({ l: compactList([1, 2]) })).toBe('{"l":[1,2]}');
  });

  it('writes a lazy list as the array it makes, at any depth', () => {
    const list = lazyList([1, 2, 3], (n) => ({ n }));
    for (const depth of [0, 1, 2, 5])
      expect(joinChunks(jsonChunks({ list }, depth))).toBe(JSON.stringify({ list: [{ n: 1 }, { n: 2 }, { n: 3 }] }, null, 2));
  });
});

describe('streamed formats', () => {
  it.each(STREAMED)('%s: the pieces joined are the formatted document, on the shared fixture', (name) => {
    const report = loadFixture();
    expect(joinChunks(chunkFormatters[name]!(report, FORMAT_OPTIONS))).toBe(formatters[name](report, FORMAT_OPTIONS));
  });

  it('json is the report, indented, with a finding per line; sarif what JSON.stringify writes of the SARIF log', () => {
    const report = loadFixture();
    const json = joinChunks(chunkFormatters.json!(report, FORMAT_OPTIONS));
    expect(json).toBe(findingsDocument(report));
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    // Every finding is one line, found whole by its fingerprint.
    for (const f of report.findings) {
      const lines = json.split('\n').filter((l) => l.includes(f.fingerprint));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!.trim().replace(/,$/, ''))).toEqual(JSON.parse(JSON.stringify(f)));
    }
    expect(joinChunks(chunkFormatters.sarif!(report, FORMAT_OPTIONS))).toBe(
      `${JSON.stringify(sarifLog(visibleStrings(report)), asArrays, 2)}\n`,
    );
  });

  it.each(STREAMED)('%s: written through the owner-only file writer, the file holds exactly the document', async (name) => {
    const report = loadFixture();
    const path = join(dir, `fixture.${name}`);
    await writePrivateFileChunks(path, chunkFormatters[name]!(report, FORMAT_OPTIONS));
    expect(readFileSync(path, 'utf8')).toBe(formatters[name](report, FORMAT_OPTIONS));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  // CSV and OCSF are a row per finding and need no more than the fixture; JSON and SARIF nest their lists.
  it(
    '100,000 findings: the streamed JSON and SARIF files equal the document as one string, byte for byte',
    { timeout: 300_000 },
    async () => {
      const report = manyFindings(100_000);
      const references: Record<string, () => string> = {
        json: () => findingsDocument(report),
        sarif: () => `${JSON.stringify(sarifLog(visibleStrings(report)), asArrays, 2)}\n`,
      };
      for (const name of ['json', 'sarif'] as const) {
        const path = join(dir, `many.${name}`);
        await writePrivateFileChunks(path, chunkFormatters[name]!(report, FORMAT_OPTIONS));
        const file = createHash('sha256').update(readFileSync(path)).digest('hex');
        expect(file, name).toBe(sha256(references[name]!()));
        rmSync(path);
      }
    },
  );
});

describe('visibleStrings', () => {
  it('returns clean parts as they are, and copies only what it changes', () => {
    const report = loadFixture();
    const shown = visibleStrings(report);
    const hostile = report.findings.findIndex((f) => f.fingerprint === HOSTILE_FP);
    const clean = report.findings.findIndex((f) => f.fingerprint !== HOSTILE_FP && JSON.stringify(f) === JSON.stringify(visibleStrings(f)));
    expect(clean).toBeGreaterThanOrEqual(0);
    expect(shown.findings[clean]).toBe(report.findings[clean]);
    const before = JSON.stringify(report);
    const dirty = visibleStrings({ name: 'a\u202eb', list: ['ok', 'c\u0007'], keep: { x: 'y' } });
    expect(dirty).toEqual({ name: 'a<U+202E>b', list: ['ok', 'c<U+0007>'], keep: { x: 'y' } });
    expect(JSON.stringify(report)).toBe(before);
    expect(hostile).toBeGreaterThanOrEqual(0);
  });
});

/** The fixture's findings repeated to `n`, each its own fingerprint and subject. */
function manyFindings(n: number): Report {
  const base = loadFixture();
  const findings: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const f = base.findings[i % base.findings.length]!;
    findings.push({ ...f, fingerprint: i.toString(16).padStart(32, '0'), subject: { ...f.subject, id: `${f.subject.id}-${i}` } });
  }
  return { ...base, findings };
}
