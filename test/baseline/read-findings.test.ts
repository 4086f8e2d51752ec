import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffFiles } from '../../src/baseline/diff-files.js';
import { diffFindings } from '../../src/baseline/diff-findings.js';
import { diffJson, diffText } from '../../src/baseline/diff-output.js';
import { readFindings, readFindingsEach } from '../../src/report/read-findings.js';
import { diffCommand } from '../../src/cli/diff-command.js';
import { Report } from '../../src/model/findings.js';
import { InputError, InputErrors } from '../../src/util/errors.js';
import { runCommand } from '../check/run-command.js';

// The reference reader: the whole document as one string, JSON.parse, one schema parse (what `diff` did).
const reference = (text: string): Report => Report.parse(JSON.parse(text));

const dir = mkdtempSync(join(tmpdir(), 'demarc-read-findings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string): string => {
  const p = join(dir, `doc-${n++}.json`);
  writeFileSync(p, text);
  return p;
};

// A findings document demarc wrote (fixtures/findings/report.json), with strings that look like JSON
// structure inside them: brackets, braces, commas, quotes, backslash runs before a quote, and text
// outside ASCII of one to four bytes (a four-byte character is cut by every chunk size below but 1).
const base = Report.parse(JSON.parse(readFileSync('fixtures/findings/report.json', 'utf8')));
const tricky = (): Report => {
  const r = structuredClone(base);
  const f = r.findings[0]!;
  f.message = 'Zoë «quoted» "x" ] } [ { , : \\ \\\\" 🚀 end\\';
  f.subject = { ...f.subject, name: '}]"\\' };
  f.details = { nested: [[{}], ']', { '}': '[' }], empty: [], n: -1.5e-7, t: true, z: null };
  return r;
};
// Any valid JSON spelling of the same document: minified, re-indented (as jq or an editor would),
// CRLF and extra whitespace, every character outside ASCII and '/' escaped, members in another order
// with members the schema does not know (kept out, as before).
const asciiEscaped = (s: string): string =>
  s.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/');
const spellings = (r: Report): Record<string, string> => {
  const { findings, ...rest } = r;
  return {
    pretty: `${JSON.stringify(r, null, 2)}\n`,
    minified: JSON.stringify(r),
    tabs: JSON.stringify(r, null, '\t'),
    crlf: ` \r\n\t${JSON.stringify(r, null, 1).replace(/,\n/g, ' ,\t\n').replace(/\n/g, '\r\n  ')}\r\n`,
    escaped: asciiEscaped(JSON.stringify(r, null, 2)),
    reordered: JSON.stringify({ 'x-note': 'a ] } [ { " \\', findings, 'x-more': [[[{ '"': '}' }]]], ...rest }),
  };
};

describe('reading a findings document finding by finding', () => {
  const docs = { ...spellings(base), ...Object.fromEntries(Object.entries(spellings(tricky())).map(([k, v]) => [`tricky ${k}`, v])) };
  it.each(Object.keys(docs))('%s: the same report as JSON.parse, at every chunk size', async (name) => {
    const text = docs[name as keyof typeof docs]!;
    const path = file(text);
    const want = JSON.stringify(reference(text));
    for (const chunkSize of [1, 2, 3, 7, 64, 4096, undefined]) expect(JSON.stringify(await readFindings(path, { chunkSize }))).toBe(want);
  });

  it('an empty findings list, and the head without findings', async () => {
    const r = { ...base, findings: [], complete: true };
    const path = file(JSON.stringify(r, null, 2));
    expect(await readFindings(path, { chunkSize: 5 })).toEqual(reference(JSON.stringify(r)));
    const seen: string[] = [];
    const head = await readFindingsEach(file(JSON.stringify(base)), (f) => seen.push(f.fingerprint), { chunkSize: 3 });
    expect(seen).toEqual(base.findings.map((f) => f.fingerprint));
    expect('findings' in head).toBe(false);
    expect(head.run).toEqual(base.run);
  });
});

/** The input errors a read throws, as the CLI prints them. */
const errorsOf = async (text: string, chunkSize?: number): Promise<string[]> => {
  const path = file(text);
  try {
    await readFindings(path, { chunkSize });
  } catch (e) {
    const list = e instanceof InputErrors ? e.errors : [e as InputError];
    return list.map((x) => x.render().replace(path, 'F'));
  }
  throw new Error('read without an error');
};

describe('a document that is not valid names the line and what was expected', () => {
  const pretty = `${JSON.stringify(base, null, 2)}\n`;
  const lines = pretty.split('\n');
  // The line of the second finding's fingerprint (1-based), found in the text before reading it.
  const second = lines.findIndex((l, i) => l.includes(`"fingerprint": "${base.findings[1]!.fingerprint}"`) && i > 0);

  it.each([1, 13, undefined])('a broken member inside a finding (chunk size %s)', async (chunkSize) => {
    const broken = [...lines];
    broken[second] = broken[second]!.replace('"fingerprint": ', '"fingerprint" ');
    const [e] = await errorsOf(broken.join('\n'), chunkSize);
    expect(e).toBe(
      `F:${second + 1}:21: not valid JSON: expected ':', found '"'\n  hint: give a file written by \`demarc audit --format json\``,
    );
  });

  it('a trailing comma in the findings list, a missing comma between members, a cut-off document', async () => {
    const findingsStart = lines.indexOf('  "findings": [');
    const findingsEnd = lines.findIndex((l, i) => i > findingsStart && (l === '  ],' || l === '  ]'));
    const trailing = [...lines];
    trailing[findingsEnd - 1] = `${trailing[findingsEnd - 1]},`;
    expect((await errorsOf(trailing.join('\n'), 4))[0]).toMatch(
      new RegExp(`^F:${findingsEnd + 1}:3: not valid JSON: expected a value, found '\\]'`),
    );
    expect((await errorsOf('{"format": "demarc-findings" "version": 1}'))[0]).toMatch(
      /^F:1:30: not valid JSON: expected ',' or '}', found '"'/,
    );
    expect((await errorsOf(pretty.slice(0, pretty.length / 2), 1000))[0]).toMatch(
      /^F:\d+:\d+: not valid JSON: expected .*, found the end of the file/,
    );
    expect((await errorsOf('{"findings": [{"message": "a\nb"}]}'))[0]).toMatch(
      /^F:1:29: not valid JSON: expected a character of the string/,
    );
    expect((await errorsOf('{"findings": [01]}'))[0]).toMatch(/^F:1:16: not valid JSON: expected the end of the value, found '1'/);
    expect((await errorsOf('[]'))[0]).toMatch(/^F:1:1: not valid JSON: expected '\{'/);
    expect((await errorsOf('{} {}'))[0]).toMatch(/^F:1:4: not valid JSON: expected the end of the document, found '\{'/);
    expect((await errorsOf('{"findings": [], "findings": []}'))[0]).toMatch(/^F:1:30: the member "findings" appears twice/);
  });

  it('schema problems: the same messages and paths as one parse of the whole document, with the line of the finding', async () => {
    const r = structuredClone(base) as unknown as { findings: Record<string, unknown>[]; run: Record<string, unknown> };
    r.findings[1]!.fingerprint = 'not hex';
    r.findings[2]!.severity = 'dire';
    r.run.evaluatedAt = 'yesterday';
    delete (r as { unresolvedMappings?: unknown }).unresolvedMappings;
    (r as { unresolvedMappings?: unknown }).unresolvedMappings = 'none';
    const text = JSON.stringify(r, null, 2);
    const want = Report.safeParse(JSON.parse(text)).error!.issues.map((i) => i.message);
    const got = await errorsOf(text, 9);
    expect(got.map((g) => g.replace(/^F(:\d+)? at [^:]+: /, '').split('\n')[0])).toEqual(want);
    const textLines = text.split('\n');
    // 0-based index of the fingerprint's line: the 1-based number of the line before it, where the finding's "{" is.
    const startOf = (k: number) => textLines.findIndex((l) => l.includes(`"fingerprint": ${JSON.stringify(r.findings[k]!.fingerprint)}`));
    expect(got.find((g) => g.includes('findings[1].fingerprint'))).toMatch(
      new RegExp(`^F:${startOf(1)} at findings\\[1\\]\\.fingerprint: `),
    );
    expect(got.find((g) => g.includes('findings[2].severity'))).toMatch(new RegExp(`^F:${startOf(2)} at findings\\[2\\]\\.severity: `));
    expect(got[0]).toMatch(/^F:\d+ at run\.evaluatedAt: /);
    expect(await errorsOf('{"format": "demarc-findings"}')).toContainEqual(
      expect.stringMatching(/^F at findings: Invalid input: expected array/),
    );
  });
});

describe('demarc diff reading finding by finding', () => {
  // Two runs made from the fixture's findings repeated, a twentieth resolved and as many new, one
  // fingerprint twice in each (diffFindings keeps duplicates), the newer run complete.
  const make = (from: number, to: number): Report => {
    const findings = [];
    for (let i = from; i < to; i++) {
      const f = base.findings[i % base.findings.length]!;
      findings.push({
        ...f,
        fingerprint: (i % 997 === 5 ? 5 : i).toString(16).padStart(32, '0'),
        subject: { ...f.subject, id: `${f.subject.id}-${i}` },
      });
    }
    return { ...base, complete: true, findings };
  };
  const older = make(0, 4000);
  const newer = { ...make(200, 4200), run: { ...base.run, evaluatedAt: '2026-11-26T06:00:00.000Z' } };

  it('prints byte for byte what reading both documents whole printed, as text and json', async () => {
    const [a, b] = [file(JSON.stringify(older)), file(`${JSON.stringify(newer, null, 2)}\n`)];
    const d = diffFindings(older.findings, newer.findings);
    const json = await runCommand(diffCommand, [a, b, '-f', 'json']);
    expect(json.out).toBe(diffJson(d, older, newer));
    const text = await runCommand(diffCommand, [a, b]);
    expect(text.out).toBe(diffText(d, older, newer));
    expect(d.resolved.length).toBeGreaterThan(100);
    // Reads of 1,000 bytes cut most findings in two (each is about 2 KB).
    const small = await diffFiles(a, b, { chunkSize: 1000 });
    expect(diffJson(small.diff, small.older, small.newer)).toBe(json.out);
  });

  it('an incomplete newer run resolves nothing', async () => {
    const partial = { ...newer, complete: false };
    const d = diffFindings(older.findings, partial.findings);
    d.resolved = [];
    const r = await runCommand(diffCommand, [file(JSON.stringify(older)), file(JSON.stringify(partial)), '-f', 'json']);
    expect(r.out).toBe(diffJson(d, older, partial));
  });
});
