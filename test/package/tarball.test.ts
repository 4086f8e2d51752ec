import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/model/findings.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * What a user gets from `npm pack`: the tarball installs into an empty directory (dependencies from the
 * registry or the npm cache, no TypeScript build) and `npx demarc audit` runs the demo configuration there.
 * `npm test` has built dist/; packing with --ignore-scripts keeps the running suite's dist/ in place
 * (prepack would rebuild it underneath the other tests).
 */
const npm = (args: string[], cwd: string) =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', NO_COLOR: '1' } });

let packDir: string;
let tarball: string;
let entries: string[];
let user: string;
let install: ReturnType<typeof npm>;

beforeAll(() => {
  packDir = tempDir();
  const packed = npm(['pack', '--ignore-scripts', '--pack-destination', packDir, '--json'], ROOT);
  expect(packed.status, packed.stderr).toBe(0);
  tarball = join(
    packDir,
    readdirSync(packDir).find((f) => /^demarc-.*\.tgz$/.test(f))!,
  );
  entries = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  user = tempDir();
  install = npm(['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], user);
}, 600_000);

describe('the npm pack tarball', () => {
  it('ships the licence, the built CLI and library, the packs and the schemas, and no sources or tests', () => {
    expect(entries).toContain('package/LICENSE');
    expect(entries).toContain('package/dist/cli/main.js');
    expect(entries).toContain('package/dist/index.d.ts');
    expect(entries).toContain('package/schema/demarc-config.schema.json');
    expect(entries.some((e) => e.startsWith('package/policies/'))).toBe(true);
    expect(entries.filter((e) => /^package\/(src|test|fixtures|bench)\//.test(e))).toEqual([]);
  });

  it('LICENSE is the Apache License 2.0 text', () => {
    const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(text).toContain('Apache License');
    expect(text).toContain('Version 2.0, January 2004');
    expect(text).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    expect(text).toContain('END OF TERMS AND CONDITIONS');
  });

  it('installs into an empty directory without running a build', () => {
    expect(install.status, install.stderr).toBe(0);
    // No lifecycle script of demarc runs on install: it has none but prepack, which only `npm pack` runs.
    const pkg = JSON.parse(readFileSync(join(user, 'node_modules/demarc/package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(Object.keys(pkg.scripts).filter((s) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(s))).toEqual([]);
  });

  it('npx demarc audit runs the demo configuration from there', () => {
    cpSync(join(ROOT, 'fixtures/demo'), join(user, 'demo'), { recursive: true });
    const r = spawnSync(
      'npx',
      [
        '--no-install',
        'demarc',
        'audit',
        '-c',
        'demo/demarc.yaml',
        '-s',
        'demo/estate.snapshot.jsonl',
        '-f',
        'json',
        '--now',
        '2026-11-25T12:00:00Z',
      ],
      { cwd: user, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    // The demo's planted violations: exit 1, the same 40 open findings as from the source tree (test/cli/demo-audit.test.ts).
    expect(r.status, r.stderr).toBe(1);
    expect(Report.parse(JSON.parse(r.stdout)).summary.open).toBe(40);
  });

  it('the schema file is where the README says, inside the installed package', () => {
    const schema = JSON.parse(readFileSync(join(user, 'node_modules/demarc/schema/demarc-config.schema.json'), 'utf8')) as { $id: string };
    expect(schema.$id).toBe('urn:demarc:schema:config:v1');
  });
});
