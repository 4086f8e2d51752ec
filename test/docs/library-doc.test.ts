import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * docs/library.md promises that its programs run as written. Each ```ts block becomes a file of a project
 * that imports `demarc` as a user's would (node_modules/demarc is this package, built), compiled with tsc
 * --strict and run with node from the repository root, where the demo paths it names lie.
 */
const page = readFileSync(join(ROOT, 'docs/library.md'), 'utf8');
const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

let project: string;
let compile: { status: number | null; out: string };

beforeAll(() => {
  project = tempDir();
  mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
  symlinkSync(ROOT, join(project, 'node_modules', 'demarc'));
  symlinkSync(join(ROOT, 'node_modules/@types/node'), join(project, 'node_modules/@types/node'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'library-user', type: 'module', private: true }));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        types: ['node'],
        skipLibCheck: true,
        outDir: 'out',
      },
      include: ['*.ts'],
    }),
  );
  blocks.forEach((code, i) => writeFileSync(join(project, `block${i + 1}.ts`), code));
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], { encoding: 'utf8' });
  compile = { status: r.status, out: r.stdout + r.stderr };
}, 120_000);

const runBlock = (i: number) => {
  const r = spawnSync(process.execPath, [join(project, 'out', `block${i}.js`)], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('docs/library.md', () => {
  it('has the audit, check, evidence and custom rule kind programs, and they compile under --strict', () => {
    expect(blocks.length).toBe(4);
    expect(blocks.every((b) => b.includes("from 'demarc'"))).toBe(true);
    expect(compile.out).toBe('');
    expect(compile.status).toBe(0);
  });

  it('the audit program reports the demo findings and exits 1', () => {
    const r = runBlock(1);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    // The demo's planted violations: 40 open findings as of 2026-11-25 (test/cli/demo-audit.test.ts), one
    // of them the quarter without a verification run in the demo's history (CIP4-R42-001, 2026-Q2).
    expect(r.stdout).toContain('open findings: 40, complete: true, exit 1');
    expect(r.stdout.split('\n').filter((l) => /^[A-Z0-9-]+ \S+: /.test(l))).toHaveLength(8);
  });

  it('the check program finds that the new analyst would cross into OT', () => {
    const r = runBlock(2);
    expect(r.stderr).toBe('');
    // SOC-Escalation is nested into OT-RemoteAccess-Users (docs/onboarding-check.md): a separation finding.
    expect(r.stdout).toMatch(/would introduce HYB-SEP-001 \((high|critical)\)/);
    expect(r.code).toBe(1);
  });

  it('the evidence program writes a signed bundle that verifies', () => {
    const r = runBlock(3);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\d+ files, signed: true$/m);
    expect(r.stdout).toContain('verified: true, reproduced: true, problems: 0');
    expect(r.code).toBe(0);
  });

  it('the custom rule kind program registers its kind, and a pack naming it is evaluated', () => {
    const r = runBlock(4);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^OWN-001 (passed: 0|failed: [1-9]\d*) finding\(s\)$/m);
    expect(r.code).toBe(0);
  });
});
