import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordSetNames } from '../../src/connectors/csv/record-sets.js';
import { RECORD_SETS } from '../../src/snapshot/format.js';
import { readSnapshot } from '../../src/snapshot/read-snapshot.js';
import { InputError } from '../../src/util/errors.js';

/*
 * What the snapshot reader refuses beyond the schema's types, on both of its paths: lines in the form
 * demarc writes (`kind` first: read in place, record-line.ts) and the same record with `kind` last (read by
 * JSON.parse and the schema). Every refusal is an InputError naming the line. The expected answers come
 * from docs/architecture.md (the snapshot), RFC 3629 (UTF-8) and RFC 8259 section 8.2 (surrogate escapes).
 */
const DEMO = readFileSync(join(import.meta.dirname, '../../fixtures/demo/estate.snapshot.jsonl'), 'utf8')
  .trimEnd()
  .split('\n');
const dir = mkdtempSync(join(tmpdir(), 'demarc-strict-'));
// The first account (principal 0, Alice) and the group SOC-Analysts, found by content so that the demo
// estate may gain sources without moving them.
const ACCOUNT = DEMO.findIndex((l) => l.startsWith('{"kind":"account"')) + 1;
const GROUP = DEMO.findIndex((l) => l.startsWith('{"kind":"group"') && l.includes('"name":"SOC-Analysts"')) + 1;
/** SOC-Analysts' own index: principals are numbered in the order of their lines. */
const GROUP_INDEX = DEMO.slice(0, GROUP - 1).filter((l) => /^\{"kind":"(account|group|foreign)"/.test(l)).length;
const PERSON = DEMO.findIndex((l) => l.startsWith('{"kind":"person"')) + 1;
const ROLE = DEMO.findIndex((l) => l.includes('"kind":"role"')) + 1;

/** The demo snapshot with lines replaced (1-based) or inserted after a line, the end record kept right. */
function edited(change: (lines: (string | Buffer)[]) => void): string {
  const lines: (string | Buffer)[] = [...DEMO];
  change(lines);
  const end = JSON.parse(lines.at(-1) as string) as { principals: number; lines: number };
  const principals = lines.filter((l) =>
    /^\{"kind":"(account|group|foreign)"|"kind":"(account|group|foreign)"\}$/.test(l.toString()),
  ).length;
  lines[lines.length - 1] = JSON.stringify({ ...end, principals, lines: lines.filter((l) => l.toString().trim() !== '').length });
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, Buffer.concat(lines.map((l) => Buffer.concat([Buffer.from(l), Buffer.from('\n')]))));
  return file;
}

/** A record line with `kind` moved to the end, so that the in-place reader leaves it to the schema. */
const kindLast = (line: string): string => {
  const { kind, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return JSON.stringify({ ...rest, kind });
};
const withField = (line: string, key: string, value: unknown, last = false): string => {
  const o = JSON.parse(line) as Record<string, unknown>;
  const { kind, ...rest } = o;
  delete rest[key];
  return JSON.stringify(last ? { ...rest, [key]: value, kind } : { kind, [key]: value, ...rest });
};

async function refusal(file: string): Promise<InputError> {
  try {
    await readSnapshot(file);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected the snapshot to be refused');
}

describe('the snapshot reader refuses what the schema alone would let through', () => {
  for (const last of [false, true]) {
    const path = last ? 'kind last (schema path)' : 'kind first (in place)';
    it(`a field the format does not define, ${path}`, async () => {
      const e = await refusal(edited((l) => (l[ACCOUNT - 1] = withField(DEMO[ACCOUNT - 1]!, 'isAdmin', true, last))));
      expect(e.where.line).toBe(ACCOUNT);
      expect(e.message).toContain('isAdmin');
    });

    it(`a group that lists itself as a member, ${path}`, async () => {
      const g = JSON.parse(DEMO[GROUP - 1]!) as { members: number[] };
      const line = JSON.stringify({ ...g, members: [...g.members, GROUP_INDEX] });
      const e = await refusal(edited((l) => (l[GROUP - 1] = last ? kindLast(line) : line)));
      expect(e.where.line).toBe(GROUP);
      expect(e.message).toMatch(/lists itself as a member/);
    });

    it(`a second principal with the same source and id, ${path}`, async () => {
      const e = await refusal(edited((l) => l.splice(ACCOUNT, 0, last ? kindLast(DEMO[ACCOUNT - 1]!) : DEMO[ACCOUNT - 1]!)));
      expect(e.where.line).toBe(ACCOUNT + 1);
      expect(e.message).toMatch(/two principals with id "0d1e2f30-0000-4000-8000-000000001001" in source it-entra/);
    });

    it(`a second person with the same source and id, ${path}`, async () => {
      const e = await refusal(edited((l) => l.splice(PERSON, 0, last ? kindLast(DEMO[PERSON - 1]!) : DEMO[PERSON - 1]!)));
      expect(e.where.line).toBe(PERSON + 1);
      expect(e.message).toMatch(/two persons with id "E1001"/);
    });

    it(`bytes that are not UTF-8 in a name, ${path}`, async () => {
      for (const bad of [
        [0xc0, 0xaf], // overlong "/" (RFC 3629 section 10)
        [0xe0, 0x80, 0xaf], // overlong, three bytes
        [0xed, 0xa0, 0x80], // the surrogate U+D800 encoded
        [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
        [0xff],
        [0xc3], // a lead byte with no continuation
      ]) {
        const line = withField(DEMO[ACCOUNT - 1]!, 'name', 'NAME', last);
        const [a, b] = line.split('NAME') as [string, string];
        const e = await refusal(edited((l) => (l[ACCOUNT - 1] = Buffer.concat([Buffer.from(a), Buffer.from(bad), Buffer.from(b)]))));
        expect(e.where.line, bad.join(' ')).toBe(ACCOUNT);
        expect(e.message).toMatch(/UTF-8/);
      }
    });
  }

  it('bytes that are not UTF-8 in a line no in-place reader handles (a role assignment)', async () => {
    const [a, b] = DEMO[ROLE - 1]!.split('Security Reader') as [string, string];
    const e = await refusal(edited((l) => (l[ROLE - 1] = Buffer.concat([Buffer.from(a), Buffer.from([0xc1, 0xbf]), Buffer.from(b)]))));
    expect(e.where.line).toBe(ROLE);
    expect(e.message).toMatch(/UTF-8/);
  });

  it('UTF-8 that is well formed reads back as written, on both paths', async () => {
    const name = 'Zoë 😀 Ωmega 中';
    const file = edited((l) => {
      l[ACCOUNT - 1] = withField(DEMO[ACCOUNT - 1]!, 'name', name);
      l[ACCOUNT] = withField(DEMO[ACCOUNT]!, 'name', name, true);
    });
    const estate = await readSnapshot(file);
    expect(estate.principals.at(0).name).toBe(name);
    expect(estate.principals.at(1).name).toBe(name);
  });

  it('an escape of half a surrogate pair is refused; a whole pair and an escaped backslash are not', async () => {
    for (const esc of ['\\ud800', '\\udc00', '\\ud800\\u0041', '\\udbff\\ud800', 'x\\ud83d']) {
      const line = DEMO[ACCOUNT - 1]!.replace('"name":"Alice', `"name":"${esc}Alice`);
      const e = await refusal(edited((l) => (l[ACCOUNT - 1] = line)));
      expect(e.where.line, esc).toBe(ACCOUNT);
      expect(e.message).toMatch(/surrogate/);
    }
    const ok = edited((l) => {
      l[ACCOUNT - 1] = DEMO[ACCOUNT - 1]!.replace('"name":"Alice', '"name":"\\ud83d\\ude00Alice');
      l[ACCOUNT] = DEMO[ACCOUNT]!.replace('"name":"Bob', '"name":"\\\\ud800Bob');
    });
    const estate = await readSnapshot(ok);
    expect(estate.principals.at(0).name).toBe('😀Alice Nguyen');
    expect(estate.principals.at(1).name).toBe('\\ud800Bob Okafor');
  });

  it('a second source with the same id, naming the first line', async () => {
    const e = await refusal(edited((l) => l.splice(2, 0, DEMO[1]!)));
    expect(e.where.line).toBe(3);
    expect(e.message).toBe('duplicate source "it-entra" (first on line 2)');
  });

  it('an end record whose line count disagrees; blank lines are not counted', async () => {
    const lines = [...DEMO];
    const end = JSON.parse(lines.at(-1)!) as Record<string, number>;
    lines[lines.length - 1] = JSON.stringify({ ...end, lines: end.lines! + 1 });
    const file = join(dir, 'end.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const e = await refusal(file);
    expect(e.where.line).toBe(DEMO.length);
    expect(e.message).toBe(`end record counts ${DEMO.length + 1} lines but the file holds ${DEMO.length}`);
    const blanks = join(dir, 'blanks.jsonl');
    writeFileSync(blanks, `${[...DEMO.slice(0, 20), '', ...DEMO.slice(20)].join('\n')}\n`);
    expect((await readSnapshot(blanks)).principals.length).toBe(67);
  });

  it('a mapping naming a source the snapshot does not hold, naming its line', async () => {
    const mapping = JSON.stringify({ kind: 'mapping', source: 'nowhere', account: 'x', person: 'E1001' });
    const e = await refusal(edited((l) => l.splice(l.length - 1, 0, mapping)));
    expect(e.where.line).toBe(DEMO.length);
    expect(e.message).toMatch(/names source "nowhere"/);
  });

  it('a record of a set demarc does not read', async () => {
    const rec = JSON.stringify({ kind: 'record', source: 'pra', set: 'horoscopes', row: 2, values: {} });
    const e = await refusal(edited((l) => l.splice(l.length - 1, 0, rec)));
    expect(e.where.line).toBe(DEMO.length);
    expect(e.message).toMatch(/unknown record set "horoscopes"/);
  });

  it('the record sets of the format are the CIP sets the CSV reader writes as records', () => {
    expect([...RECORD_SETS].sort()).toEqual(recordSetNames.filter((n) => !['roster', 'tools', 'mappings'].includes(n)).sort());
  });
});
