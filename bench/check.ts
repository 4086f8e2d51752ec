import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { auditWithPacks } from '../src/audit/run-audit.js';
import { Plan, type PlanInput } from '../src/check/plan-schema.js';
import { runCheck, type CheckResult } from '../src/check/run-check.js';
import { loadConfig } from '../src/config/load-config.js';
import type { Estate, GroupNode } from '../src/estate/estate.js';
import { loadPacks } from '../src/policy/load-packs.js';
import { readIndexed } from '../src/snapshot/read-index.js';
import { readSnapshot } from '../src/snapshot/read-snapshot.js';
import { writeSnapshotIndex } from '../src/snapshot/write-index.js';
import { SIZES } from './core.js';
import { SYNTHETIC_CONFIG, writeSyntheticSnapshot } from './generate-estate.js';

const ROOT = join(import.meta.dirname, '..');
const NOW = '2026-11-25T12:00:00Z';

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** An estate to check: its configuration and snapshot, and the source and group-name prefixes of its zones. */
export interface Target {
  label: string;
  config: string;
  snapshot: string;
  source: string;
  itPrefix: string;
  otPrefix: string;
}

/** The first group of `source` whose name starts with `prefix` (a security group), found by reading names in place. */
function groupNamed(estate: Estate, source: string, prefix: string, accept: (g: GroupNode) => boolean = () => true): GroupNode {
  const ps = estate.principals;
  for (let i = 0; i < ps.length; i++) {
    if (ps.kind(i) !== 'group' || ps.source(i) !== source || !ps.grantsAccess(i) || !ps.str(i, 'name')?.startsWith(prefix)) continue;
    const g = ps.at(i) as GroupNode;
    if (accept(g)) return g;
  }
  throw new Error(`no group ${prefix}* in ${source}`);
}

/** Plans of a change ticket: a new analyst, an account given an IT and an OT group, one membership removed. */
export function plansFor(estate: Estate, t: Target): [string, PlanInput][] {
  const ps = estate.principals;
  let account = 0;
  while (!ps.isAccount(account) || ps.source(account) !== t.source) account++;
  const member = `${t.source}:${ps.str(account, 'id')}`;
  const it = groupNamed(estate, t.source, t.itPrefix, (g) => !g.members.includes(account));
  const ot = groupNamed(estate, t.source, t.otPrefix, (g) => !g.members.includes(account));
  const removable = groupNamed(estate, t.source, t.itPrefix, (g) => g.members.some((m) => ps.isAccount(m)));
  const removed = removable.members.find((m) => ps.isAccount(m))!;
  return [
    [
      'new analyst in an IT and an OT group',
      {
        newPerson: { id: 'N1', name: 'New Analyst', employeeId: 'N1', department: 'SOC' },
        accounts: [{ source: t.source, name: 'new.analyst' }],
        addMembers: [{ group: `${t.source}:${it.id}` }, { group: `${t.source}:${ot.id}` }],
      },
    ],
    [
      'an account gets an IT and an OT group',
      {
        addMembers: [
          { group: `${t.source}:${it.id}`, member },
          { group: `${t.source}:${ot.id}`, member },
        ],
      },
    ],
    [
      'one membership removed',
      { removeMembers: [{ group: `${t.source}:${removable.id}`, member: `${t.source}:${ps.str(removed, 'id')}` }] },
    ],
  ];
}

/** Start to exit of the built CLI: wall, CPU (user + sys) and peak RSS, from /usr/bin/time when present. */
function processFigures(args: string[], dir: string): string {
  const timeFile = join(dir, 'time.txt');
  const time = existsSync('/usr/bin/time');
  const t = performance.now();
  const cmd = time ? '/usr/bin/time' : process.execPath;
  const argv = time ? ['-f', '%e %U %S %M', '-o', timeFile, process.execPath, ...args] : args;
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: 'ignore' });
  const wall = performance.now() - t;
  if (!time) return `${sec(wall)} wall, exit ${r.status}`;
  const [, u, s, m] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return `${sec(wall)} wall, ${(u! + s!).toFixed(2)} s CPU, ${(m! / 1024).toFixed(0)} MiB peak, exit ${r.status}`;
}

async function benchTarget(t: Target, dir: string): Promise<void> {
  const loaded = await loadConfig(t.config);
  const packs = await loadPacks(loaded.config.policies, loaded.baseDir);
  const now = new Date(NOW);
  let w = performance.now();
  let cpu = process.cpuUsage();
  const estate = await readSnapshot(t.snapshot);
  const load = `${sec(performance.now() - w)} wall, ${sec(cpuMs(cpu))} CPU`;
  w = performance.now();
  cpu = process.cpuUsage();
  const full = auditWithPacks(loaded, estate, now, packs).report;
  const auditWall = performance.now() - w;
  const auditCpu = cpuMs(cpu);
  console.log(`\n-- ${t.label}: ${estate.principals.length} principals, ${estate.persons.length} persons --`);
  console.log(`  read the snapshot (in process)                    ${load}`);
  console.log(
    `  full audit (in process, snapshot already read)    ${sec(auditWall)} wall, ${sec(auditCpu)} CPU; ${full.findings.length} findings`,
  );
  const plans = plansFor(estate, t);
  // The same checks on the estate read through its index, as `demarc check --index` reads it (reverse
  // member lists and key hashes at hand): the check's own work a change ticket pays for.
  const index = join(dir, 'estate.index');
  await writeSnapshotIndex(t.snapshot, index);
  w = performance.now();
  cpu = process.cpuUsage();
  const read = await readIndexed(t.snapshot, index);
  if (!('estate' in read)) throw new Error(`index not usable: ${read.unusable}`);
  console.log(`  read the snapshot through its index (in process)  ${sec(performance.now() - w)} wall, ${sec(cpuMs(cpu))} CPU`);
  for (const [how, e] of [
    ['read in full', estate],
    ['through its index', read.estate],
  ] as const) {
    for (const [label, input] of plans) {
      const plan = Plan.parse(input);
      const runs: { wall: number; cpu: number; r: CheckResult }[] = [];
      for (let k = 0; k < 4; k++) {
        w = performance.now();
        cpu = process.cpuUsage();
        const r = runCheck(loaded, e, packs, plan, now);
        runs.push({ wall: performance.now() - w, cpu: cpuMs(cpu), r });
      }
      const cold = runs[0]!;
      const best = runs.slice(1).sort((a, b) => a.cpu - b.cpu)[0]!;
      const tm = cold.r.timingsMs;
      console.log(
        `  check (${how}): ${label.padEnd(42)} first ${(cold.wall / 1000).toFixed(3)} s wall, ${(cold.cpu / 1000).toFixed(3)} s CPU ` +
          `(plan ${tm.plan.toFixed(0)} ms, region ${tm.region.toFixed(0)} ms, evaluate ${tm.evaluate.toFixed(0)} ms), ` +
          `best of 3 more ${(best.cpu / 1000).toFixed(3)} s CPU = ${((100 * best.cpu) / auditCpu).toFixed(0)}% of the audit's CPU; ` +
          `region ${cold.r.region.principals} of ${cold.r.region.ofPrincipals} principals; +${cold.r.introduced.length} -${cold.r.resolved.length}`,
      );
    }
  }
  // Whole processes, start to exit, through the built command line: the onboarding plan and the one
  // that changes an existing account, without and then with the snapshot's index (written once per
  // snapshot by `demarc index`).
  const cli = join(ROOT, 'dist/cli/main.js');
  const common = ['-c', t.config, '-s', t.snapshot, '--now', NOW, '--quiet'];
  console.log(
    `  demarc index (written once per snapshot)          ${processFigures([cli, 'index', t.snapshot, '-o', index, '--quiet'], dir)}`,
  );
  for (const [label, input] of plans.slice(0, 2)) {
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(input));
    console.log(`  demarc check (${label}), whole process`);
    console.log(
      `    read in full                                    ${processFigures([cli, 'check', ...common, '--plan', planFile], dir)}`,
    );
    console.log(
      `    --index                                         ${processFigures([cli, 'check', ...common, '--plan', planFile, '--index', index], dir)}`,
    );
  }
  rmSync(index, { force: true });
  console.log(
    `  demarc audit, whole process                       ${processFigures([cli, 'audit', ...common, '--format', 'json', '--output', join(dir, 'f.json')], dir)}`,
  );
  console.log(`  node start and module loading (demarc --version)  ${processFigures([cli, '--version'], dir)}`);
}

/**
 * `demarc check` on snapshots read as the CLI reads them (records held in place): the synthetic estate
 * of bench/core.ts at each size, and the perf-anchor estates when they are on disk. For each: the full
 * audit's time, each plan's check (its first run, and the best of three more), and both commands as
 * whole processes. Figures only, no assertions.
 */
export async function benchCheck(opts: { sizes: string[] }): Promise<void> {
  const dir = join(tmpdir(), 'demarc-bench');
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'demarc.yaml');
  writeFileSync(config, SYNTHETIC_CONFIG);
  const work = join(dir, 'check');
  mkdirSync(work, { recursive: true });
  console.log('\n== check: what-if against a full audit, on snapshots as the CLI reads them ==');
  const targets: Target[] = [];
  for (const size of opts.sizes) {
    const spec = SIZES[size];
    if (!spec) throw new Error(`unknown size ${size}`);
    const snapshot = join(dir, `estate-${size}.jsonl`);
    if (!existsSync(snapshot)) await writeSyntheticSnapshot(snapshot, spec);
    targets.push({ label: `bench estate ${size}`, config, snapshot, source: 'it-ad', itPrefix: 'G-', otPrefix: 'OT-Access-' });
  }
  const anchor = process.env.PERF_ANCHOR_DATA ?? '/tmp/demarc-perf-anchor';
  for (const scale of ['S', 'L']) {
    const d = join(anchor, scale);
    if (!existsSync(join(d, 'estate.snapshot.jsonl')) || (scale === 'L' && !opts.sizes.includes('1m'))) continue;
    targets.push({
      label: `perf-anchor ${scale}`,
      config: join(d, 'demarc.yaml'),
      snapshot: join(d, 'estate.snapshot.jsonl'),
      source: 'ad',
      itPrefix: 'IT-',
      otPrefix: 'OT-',
    });
  }
  for (const t of targets) {
    await benchTarget(t, work);
    (globalThis as { gc?: () => void }).gc?.();
  }
  rmSync(work, { recursive: true, force: true });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void benchCheck({ sizes: (process.argv[2] ?? '100k').split(',') });
}
