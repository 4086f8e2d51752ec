import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, tempDir } from '../helpers/cli.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
}
const workflow = parse(readFileSync(join(ROOT, 'examples/github-actions/demarc.yml'), 'utf8')) as {
  env: Record<string, string>;
  jobs: Record<string, Job>;
};
const onboarding = workflow.jobs['onboarding-check']!;
const checkStep = onboarding.steps.find((s) => s.name === 'Check every changed plan')!;

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

let bin: string;
let origin: string;

/**
 * The onboarding job's shell step, run as the runner would (bash -e, GITHUB_STEP_SUMMARY, BASE_REF), in a
 * clone of a repository whose pull request adds a plan; `demarc` is the built CLI. The repository holds the
 * demo configuration and the nightly snapshot stands in `latest/`.
 */
beforeAll(() => {
  bin = tempDir();
  writeFileSync(join(bin, 'demarc'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist/cli/main.js')}" "$@"\n`);
  chmodSync(join(bin, 'demarc'), 0o755);
  const work = tempDir();
  origin = join(work, 'origin.git');
  git(work, 'init', '--bare', '--initial-branch=main', origin);
  const seed = join(work, 'seed');
  git(work, 'clone', '-q', origin, seed);
  git(seed, 'config', 'user.email', 'soc@example.org');
  git(seed, 'config', 'user.name', 'SOC');
  cpSync(join(ROOT, 'fixtures/demo'), seed, { recursive: true });
  mkdirSync(join(seed, 'access-requests'));
  cpSync(join(ROOT, 'fixtures/plans/offboard-oncall.yaml'), join(seed, 'access-requests/offboard-oncall.yaml'));
  git(seed, 'add', '-A');
  git(seed, 'commit', '-qm', 'estate');
  git(seed, 'push', '-q', 'origin', 'main');
  for (const [branch, plan] of [
    ['harmful', 'onboard-soc-analyst.yaml'],
    ['harmless', 'onboard-harmless.yaml'],
  ] as const) {
    git(seed, 'checkout', '-q', '-b', branch, 'main');
    cpSync(join(ROOT, 'fixtures/plans', plan), join(seed, 'access-requests', `pat rivera.yaml`));
    git(seed, 'add', '-A');
    git(seed, 'commit', '-qm', `request: ${plan}`);
    git(seed, 'push', '-q', 'origin', branch);
  }
  git(seed, 'checkout', '-q', '-b', 'readme-only', 'main');
  writeFileSync(join(seed, 'access-requests/README'), 'how to request access\n');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-qm', 'docs');
  git(seed, 'push', '-q', 'origin', 'readme-only');
}, 60_000);

/** A checkout of the pull request's branch, as actions/checkout makes it (depth from the workflow, or 1). */
function checkout(branch: string, depth: number): string {
  const dir = join(tempDir(), 'repo');
  const args = ['clone', '-q', '--branch', branch, ...(depth > 0 ? ['--depth', String(depth)] : []), `file://${origin}`, dir];
  git(ROOT, ...args);
  mkdirSync(join(dir, 'latest'));
  writeFileSync(join(dir, 'latest/estate.snapshot.jsonl.gz'), gzipSync(readFileSync(join(ROOT, 'fixtures/demo/estate.snapshot.jsonl'))));
  return dir;
}

function runStep(dir: string) {
  const summary = join(dir, '..', 'summary.md');
  writeFileSync(summary, '');
  const r = spawnSync('bash', ['-e', '-c', checkStep.run!], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...checkStep.env,
      BASE_REF: 'main',
      GITHUB_STEP_SUMMARY: summary,
      PATH: `${bin}:${process.env.PATH}`,
      NO_COLOR: '1',
    },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, summary: readFileSync(summary, 'utf8') };
}

const checkoutDepth = (): number => {
  const step = onboarding.steps.find((s) => s.uses?.startsWith('actions/checkout'))!;
  return Number(step.with?.['fetch-depth'] ?? 1);
};

describe('GitHub Actions onboarding check', () => {
  it('checks out the whole history and may read the nightly artifact', () => {
    expect(checkoutDepth()).toBe(0);
    expect(onboarding.permissions).toEqual({ contents: 'read', actions: 'read' });
    expect(workflow.jobs.scan!.permissions).toMatchObject({ 'security-events': 'write', actions: 'read' });
  });

  it('installs demarc from the tarball, never from the npm registry', () => {
    const installs = Object.values(workflow.jobs).flatMap((j) => j.steps.filter((s) => s.run?.includes('npm install')));
    expect(installs.length).toBe(2);
    for (const s of installs) expect(s.run).toBe('npm install --global --omit=dev "./$DEMARC_TARBALL"');
    expect(workflow.env.DEMARC_TARBALL).toMatch(/^vendor\/demarc-\d+\.\d+\.\d+\.tgz$/);
  });

  it('a plan that would break segregation fails the check (exit 1) and is shown in the summary', () => {
    const r = runStep(checkout('harmful', checkoutDepth()));
    expect(r.code, r.stderr).toBe(1);
    expect(r.summary).toContain('## access-requests/pat rivera.yaml');
    expect(r.summary).toContain('HYB-SEP-001');
    // Only the added plan is checked, not the one already on main.
    expect(r.summary).not.toContain('offboard-oncall');
  });

  it('a harmless plan passes (exit 0)', () => {
    const r = runStep(checkout('harmless', checkoutDepth()));
    expect(r.code, r.stderr + r.summary).toBe(0);
    expect(r.stdout).toContain('access-requests/pat rivera.yaml: demarc check exited 0');
  });

  it('a change with no plan passes and says so', () => {
    const r = runStep(checkout('readme-only', checkoutDepth()));
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary).toContain('No plan added or changed under access-requests/.');
  });

  it('a shallow clone (the checkout default) fails instead of checking nothing', () => {
    const r = runStep(checkout('harmful', 1));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('::error::cannot compute the changed plans: origin/main is not in this clone');
  });
});
