import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_SNAPSHOT, ROOT, demarc, tempDir } from '../helpers/cli.js';
import { InputError, InputErrors } from '../../src/util/errors.js';
import { loadConfig } from '../../src/config/load-config.js';
import { loadPack } from '../../src/policy/load-packs.js';
import { readPlan } from '../../src/check/read-plan.js';
import { readSnapshot } from '../../src/snapshot/read-snapshot.js';
import { applyAll, mutations } from './mutations.js';

/**
 * A few damaged files through the built CLI, as a user meets them: exit 2, the file named, no stack
 * trace and no "internal error". Each file is the first of a fixed-seed sample of mutations that the
 * library refuses with an input error, so what the CLI must do is known before it runs.
 */
const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
const DEMO = join(ROOT, 'fixtures/demo');

async function firstRefused(seed: Buffer, path: string, read: (p: string) => Promise<unknown>, seedNo: number): Promise<void> {
  for (const ms of fc.sample(mutations, { seed: seedNo, numRuns: 50 })) {
    writeFileSync(path, applyAll(seed, ms));
    try {
      await read(path);
    } catch (e) {
      if (e instanceof InputError || e instanceof InputErrors) return;
      throw e;
    }
  }
  throw new Error(`no refused mutation of ${basename(path)} in 50 samples`);
}

const cases: { name: string; seed: string; read: (p: string) => Promise<unknown>; args: (file: string) => string[] }[] = [
  {
    name: 'demarc.yaml',
    seed: join(DEMO, 'demarc.yaml'),
    read: (p) => loadConfig(p, {}),
    args: (f) => ['audit', '-c', f, '-s', DEMO_SNAPSHOT],
  },
  { name: 'nerc-cip.yaml', seed: join(ROOT, 'policies/nerc-cip.yaml'), read: (p) => loadPack(p), args: (f) => ['policy', 'validate', f] },
  {
    name: 'all-actions.yaml',
    seed: join(ROOT, 'fixtures/plans/all-actions.yaml'),
    read: (p) => readPlan(p),
    args: (f) => ['check', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--plan', f],
  },
  {
    name: 'onboarding.csv',
    seed: join(ROOT, 'fixtures/plans/onboarding.csv'),
    read: (p) => readPlan(p),
    args: (f) => ['check', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--plan', f],
  },
  { name: 'estate.snapshot.jsonl', seed: DEMO_SNAPSHOT, read: (p) => readSnapshot(p), args: (f) => ['audit', '-c', DEMO_CONFIG, '-s', f] },
];

describe('damaged files through the CLI: exit 2 naming the file, no stack trace', () => {
  for (const [i, c] of cases.entries()) {
    it(`a refused mutation of ${c.name}`, { timeout: 120_000 }, async () => {
      const work = tempDir();
      if (c.name === 'demarc.yaml') cpSync(DEMO, work, { recursive: true });
      const file = join(work, c.name);
      await firstRefused(readFileSync(c.seed), file, c.read, 2001 + i);
      const r = demarc(c.args(file), { cwd: work });
      const said = `exit ${r.code}\n${r.stderr}`;
      expect(r.stderr, said).not.toMatch(STACK);
      expect(r.stderr, said).not.toContain('internal error');
      expect(r.code, said).toBe(2);
      expect(r.stderr, said).toContain(c.name);
    });
  }
});
