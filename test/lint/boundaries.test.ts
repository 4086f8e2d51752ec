import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// The layer rules in .dependency-cruiser.cjs, run on small trees planted with one violation each:
// `npm run lint:boundaries` must fail on a folder cycle or a layer crossing, and pass a clean tree.
const root = resolve(import.meta.dirname, '../..');
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = join(root, '.dependency-cruiser.cjs');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function cruise(files: Record<string, string>): { code: number; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'demarc-depcruise-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  try {
    const out = execFileSync(process.execPath, [depcruise, 'src', '--config', config, '--output-type', 'err'], {
      cwd: dir,
      encoding: 'utf8',
    });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, out: err.stdout };
  }
}

describe('import boundaries', () => {
  it('passes a tree that respects the layers', () => {
    const r = cruise({
      'src/model/finding.ts': 'export const x = 1;\n',
      'src/engine/graph.ts': "import { x } from '../model/finding.js';\nexport const y = x;\n",
      'src/rules/rule.ts': "import { y } from '../engine/graph.js';\nexport const z = y;\n",
    });
    expect(r.out).toContain('no dependency violations');
    expect(r.code).toBe(0);
  });

  it('fails when a lower layer imports a higher one (engine -> rules)', () => {
    const r = cruise({
      'src/rules/registry.ts': 'export const rules = [];\n',
      'src/engine/evaluate.ts': "import { rules } from '../rules/registry.js';\nexport const n = rules.length;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/not-in-allowed: src\/engine\/evaluate\.ts → src\/rules\/registry\.ts/);
  });

  it('fails on a connector importing the engine (connectors -> model only)', () => {
    const r = cruise({
      'src/engine/glob.ts': 'export const glob = 1;\n',
      'src/connectors/csv/read.ts': "import { glob } from '../../engine/glob.js';\nexport const g = glob;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('not-in-allowed: src/connectors/csv/read.ts → src/engine/glob.ts');
  });

  it('fails on a module cycle inside one folder', () => {
    const r = cruise({
      'src/estate/a.ts': "import { b } from './b.js';\nexport const a = () => b();\n",
      'src/estate/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('no-circular');
  });

  it('fails when a directory client is imported outside connectors', () => {
    const r = cruise({
      'node_modules/ldapts/package.json': JSON.stringify({ name: 'ldapts', version: '8.2.0', main: 'index.js' }),
      'node_modules/ldapts/index.js': 'exports.Client = class {};\n',
      'package.json': JSON.stringify({ name: 'x', dependencies: { ldapts: '8.2.0' } }),
      'src/engine/direct.ts': "import { Client } from 'ldapts';\nexport const c = Client;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('directory-clients-in-connectors');
  });
});
