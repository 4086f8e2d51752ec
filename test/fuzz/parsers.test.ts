import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { InputError, InputErrors } from '../../src/util/errors.js';
import { loadConfig } from '../../src/config/load-config.js';
import { loadPack } from '../../src/policy/load-packs.js';
import { readPlan } from '../../src/check/read-plan.js';
import { readSnapshot } from '../../src/snapshot/read-snapshot.js';
import { snapshotLines } from '../../src/snapshot/write-snapshot.js';
import { CsvSourceConfig, csvConnector } from '../../src/connectors/csv/csv-connector.js';
import { LdifSourceConfig, ldifConnector } from '../../src/connectors/ldif/ldif-connector.js';
import { NormalizedSourceConfig, normalizedConnector } from '../../src/connectors/normalized/normalized-connector.js';
import type { CollectContext } from '../../src/connectors/connector.js';
import { applyAll, mutations } from './mutations.js';

/**
 * Mutation fuzzing of every parser: a valid file of each kind, damaged one to three times (mutations.ts),
 * must either still be read or be refused with an InputError that names the file. Any other error (a
 * TypeError, a RangeError, a zod error escaping) is a crash. Run counts and seeds are fixed so a run is
 * the same everywhere; the timeout is a guard against a hang, not a measurement.
 */
const TIMEOUT = 180_000;
const DEMO = join(ROOT, 'fixtures/demo');
const runs: string[] = [];

/** Fails unless `e` is the project's input error and one of its problems names `file`. */
function expectInputErrorNaming(e: unknown, file: string): void {
  const errors = e instanceof InputErrors ? e.errors : e instanceof InputError ? [e] : undefined;
  if (!errors) throw new Error(`not an input error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const names = errors.some((x) => x.where.file?.includes(file) || x.message.includes(file));
  if (!names) throw new Error(`input error does not name ${file}: ${errors.map((x) => x.render()).join('\n')}`);
}

/**
 * The property for one parser: the seed file reads, and every mutation of it reads or is refused naming
 * the file. `read` parses the file at `path`.
 */
async function fuzz(
  label: string,
  seed: Buffer,
  path: string,
  read: (path: string) => Promise<unknown>,
  numRuns: number,
  seedNo: number,
  equal?: (b: Buffer) => Buffer,
) {
  writeFileSync(path, seed);
  // The unmutated file is valid: a property over a file that never parses proves nothing.
  const base = withoutDigests(await read(path));
  if (equal) {
    // The same content written another way reads to the same records (the file's digest aside).
    writeFileSync(path, equal(seed));
    expect(withoutDigests(await read(path))).toEqual(base);
  }
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(mutations, async (ms) => {
      writeFileSync(path, applyAll(seed, ms));
      try {
        await read(path);
        accepted++;
      } catch (e) {
        expectInputErrorNaming(e, basename(path));
      }
    }),
    { seed: seedNo, numRuns },
  );
  runs.push(`${label}: ${numRuns} runs, ${accepted} still read, ${numRuns - accepted} refused`);
}

/**
 * A value without `sha256` (a file written another way has another digest, not other records) and without
 * `durationMs` (how long a read took).
 */
function withoutDigests(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDigests);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'sha256' && k !== 'durationMs')
        .map(([k, x]) => [k, withoutDigests(x)]),
    );
  return v;
}

// Ways to write the same content: a comment line (YAML 1.2.2 section 6.6, https://yaml.org/spec/1.2.2/#66-comments;
// LDIF, RFC 2849 "Any line that begins with a pound-sign ... is a comment line", https://www.rfc-editor.org/rfc/rfc2849),
// CRLF line breaks (RFC 4180 section 2, https://www.rfc-editor.org/rfc/rfc4180#section-2), JSON without
// indentation (RFC 8259 section 2: insignificant whitespace).
const yamlComment = (b: Buffer): Buffer => Buffer.concat([b, Buffer.from('# a comment changes nothing\n')]);
const ldifComment = (b: Buffer): Buffer => Buffer.concat([Buffer.from('# a comment changes nothing\n'), b]);
const crlf = (b: Buffer): Buffer => Buffer.from(b.toString('utf8').replace(/\r?\n/g, '\r\n'));
const compactJson = (b: Buffer): Buffer => Buffer.from(JSON.stringify(JSON.parse(b.toString('utf8'))));

const ctx = (baseDir: string): CollectContext => ({
  baseDir,
  now: new Date('2026-11-20T06:00:00Z'),
  timeZone: 'America/Los_Angeles',
  progress: () => {},
  log: () => {},
  env: {},
});

const demoConfig = parseYaml(readFileSync(join(DEMO, 'demarc.yaml'), 'utf8')) as { sources: Record<string, unknown>[] };

describe('mutation fuzzing: every parser reads a damaged file or refuses it naming the file', () => {
  it('configuration YAML (loadConfig): 150 runs', { timeout: TIMEOUT }, async () => {
    const work = tempDir();
    cpSync(DEMO, work, { recursive: true });
    await fuzz(
      'configuration',
      readFileSync(join(DEMO, 'demarc.yaml')),
      join(work, 'demarc.yaml'),
      async (p) => {
        // The text is kept as read (it is hashed into evidence); what it means is the configuration and exceptions.
        const { config, exceptions } = await loadConfig(p, {});
        return { config, exceptions };
      },
      150,
      1001,
      yamlComment,
    );
  });

  // The SOC packs' rules live in base/soc.yaml; hybrid-soc is fuzzed as a pack that extends it, beside an intact parent.
  for (const pack of ['base/soc', 'hybrid-soc', 'nerc-cip']) {
    it(`policy pack ${pack} (loadPack): 100 runs`, { timeout: TIMEOUT }, async () => {
      const work = tempDir();
      mkdirSync(join(work, 'base'));
      if (pack !== 'base/soc') copyFileSync(join(ROOT, 'policies/base/soc.yaml'), join(work, 'base/soc.yaml'));
      await fuzz(
        `policy pack ${pack}`,
        readFileSync(join(ROOT, 'policies', `${pack}.yaml`)),
        join(work, `${pack}.yaml`),
        (p) => loadPack(p),
        100,
        1002,
      );
    });
  }

  const planYaml = readFileSync(join(ROOT, 'fixtures/plans/all-actions.yaml'));
  const plans: [string, Buffer, (b: Buffer) => Buffer][] = [
    ['all-actions.yaml', planYaml, yamlComment],
    ['all-actions.json', Buffer.from(JSON.stringify(parseYaml(planYaml.toString('utf8')), null, 2) + '\n'), compactJson],
    ['onboarding.csv', readFileSync(join(ROOT, 'fixtures/plans/onboarding.csv')), crlf],
  ];
  for (const [name, seed, equal] of plans) {
    it(`plan ${name} (readPlan): 100 runs`, { timeout: TIMEOUT }, async () => {
      const work = tempDir();
      await fuzz(`plan ${name}`, seed, join(work, name), (p) => readPlan(p), 100, 1003, equal);
    });
  }

  // Each CSV record set, read by the csv connector with the demo's column maps. No demo file holds
  // review decisions, so that seed is written here (the columns of sets/reviews.ts).
  const REVIEWS =
    'campaign,person,entitlement,reviewer,decision,date,comment\n2026-Q4,E1001,BCS-HMI,E2001,Keep,2026-11-02,still operates the HMI\n2026-Q4,E1002,BCS-HMI,E2001,,,\n2026-Q4,E1003,ot:BCS-EWS,E2001,revoke,2026-11-03T09:30,\n';
  const csvSources = [
    ...demoConfig.sources.filter((s) => s.kind === 'csv'),
    { id: 'reviews', kind: 'csv', records: 'reviews', file: 'reviews.csv' },
  ];
  for (const source of csvSources) {
    it(`CSV record set ${String(source.records)} (csv connector): 100 runs`, { timeout: TIMEOUT }, async () => {
      const work = tempDir();
      const file = String(source.file);
      const seed = file === 'reviews.csv' ? Buffer.from(REVIEWS) : readFileSync(join(DEMO, file));
      const config = CsvSourceConfig.parse({ ...source, file: basename(file) });
      await fuzz(
        `CSV ${String(source.records)}`,
        seed,
        join(work, basename(file)),
        () => csvConnector.collect(config, ctx(work)),
        100,
        1004,
        crlf,
      );
    });
  }

  // ad-alpha.ldif is a template ({{sid:...}} placeholders), not an export: it is not a valid seed.
  for (const name of ['ad-beta.ldif', 'ldifde-corp.ldf', 'openldap-estate.ldif']) {
    it(`LDIF ${name} (ldif connector): 100 runs`, { timeout: TIMEOUT }, async () => {
      const work = tempDir();
      const config = LdifSourceConfig.parse({ id: 'dir', kind: 'ldif', files: [name] });
      await fuzz(
        `LDIF ${name}`,
        readFileSync(join(ROOT, 'fixtures/ldap', name)),
        join(work, name),
        () => ldifConnector.collect(config, ctx(work)),
        100,
        1005,
        ldifComment,
      );
    });
  }

  for (const name of ['it-entra.yaml', 'ot-entra.yaml', 'it-ad.yaml', 'ot-ad.yaml']) {
    it(`normalised export ${name} (normalized connector): 60 runs`, { timeout: TIMEOUT }, async () => {
      const work = tempDir();
      const config = NormalizedSourceConfig.parse({ id: name.replace('.yaml', ''), kind: 'normalized', file: name });
      await fuzz(
        `normalised ${name}`,
        readFileSync(join(DEMO, 'estate', name)),
        join(work, name),
        () => normalizedConnector.collect(config, ctx(work)),
        60,
        1006,
        yamlComment,
      );
    });
  }

  /**
   * A line with a space before its '{' is still the same JSON (RFC 8259 section 2 allows whitespace
   * around values), but neither in-place reader (record-line.ts, flat-line.ts) takes it, so it goes to
   * JSON.parse and the schema. Both copies of a damaged snapshot must give the same records or both be
   * refused.
   */
  const viaJson = (b: Buffer): Buffer =>
    Buffer.from(
      b
        .toString('latin1')
        .split('\n')
        .map((l, i) => (i > 0 && l.startsWith('{') ? ` ${l}` : l))
        .join('\n'),
      'latin1',
    );
  const read = async (path: string): Promise<{ ok: string } | { error: unknown }> => {
    try {
      return { ok: [...snapshotLines(await readSnapshot(path))].join('\n') };
    } catch (e) {
      return { error: e };
    }
  };

  it('snapshot lines: the in-place readers and the JSON fallback agree (readSnapshot): 80 runs', { timeout: TIMEOUT }, async () => {
    const work = tempDir();
    const fast = join(work, 'estate.snapshot.jsonl');
    const slow = join(work, 'fallback.snapshot.jsonl');
    const seed = readFileSync(join(DEMO, 'estate.snapshot.jsonl'));
    copyFileSync(join(DEMO, 'estate.snapshot.jsonl'), fast);
    writeFileSync(slow, viaJson(seed));
    const base = await read(fast);
    expect(base).toEqual(await read(slow));
    expect('ok' in base).toBe(true);
    let accepted = 0;
    const numRuns = 80;
    await fc.assert(
      fc.asyncProperty(mutations, async (ms) => {
        const damaged = applyAll(seed, ms);
        writeFileSync(fast, damaged);
        writeFileSync(slow, viaJson(damaged));
        const a = await read(fast);
        const b = await read(slow);
        if ('error' in a) expectInputErrorNaming(a.error, basename(fast));
        if ('error' in b) expectInputErrorNaming(b.error, basename(slow));
        expect('ok' in a ? a.ok : 'refused').toEqual('ok' in b ? b.ok : 'refused');
        if ('ok' in a) accepted++;
      }),
      { seed: 1007, numRuns },
    );
    runs.push(`snapshot (in place vs JSON): ${numRuns} runs, ${accepted} still read, ${numRuns - accepted} refused`);
  });

  it('prints the run counts', () => {
    console.log(`mutation fuzzing:\n  ${runs.join('\n  ')}`);
    expect(runs.length).toBeGreaterThan(0);
  });
});
