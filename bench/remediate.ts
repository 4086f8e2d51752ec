import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, type LoadedConfig } from '../src/config/load-config.js';
import { loadPacks, type LoadedPack } from '../src/policy/load-packs.js';
import { PLANNED_KINDS, remediate } from '../src/remediate/remediate.js';
import { emptyEstate, type Estate } from '../src/estate/estate.js';
import type { Finding } from '../src/model/findings.js';
import type { RemediationReport } from '../src/remediate/remediation-schema.js';
import { BENCH_DIR } from './core.js';
import { SYNTHETIC_CONFIG, syntheticLines, writeSnapshotLines, type EstateSpec } from './generate-estate.js';
import { runCli, type CliRun } from './run-cli.js';

const cpuS = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

/**
 * The synthetic estate of bench/core.ts, with Domain Users (every account's primary group) kept out of
 * other groups. Random nesting puts it into a group that leads to OT, and then every analyst's only
 * cut is a nesting every account of the forest needs: one finding about the whole directory, not a
 * planning problem, and no plan to prove.
 */
function* planningLines(spec: EstateSpec): Generator<Record<string, unknown>> {
  const domainUsers = new Set([spec.accounts, spec.accounts + Math.floor(spec.groups * 0.8)]);
  for (const o of syntheticLines(spec) as Generator<Record<string, unknown>>)
    yield o.kind === 'group' ? { ...o, members: (o.members as number[]).filter((m) => !domainUsers.has(m)) } : o;
}

function estateForPlanning(spec: EstateSpec): Estate {
  const estate = emptyEstate();
  for (const o of planningLines(spec)) {
    const { kind, ...rest } = o;
    if (kind === 'header') estate.createdAt = rest.createdAt as string;
    else if (kind === 'source') {
      const { sourceKind, ...s } = rest;
      estate.sources.push({ ...(s as object), kind: sourceKind } as never);
    } else if (kind === 'account' || kind === 'group') estate.principals.push(o as never);
    else if (kind === 'person') estate.persons.push(rest as never);
    else if (kind === 'tool') estate.tools.push(rest as never);
  }
  return estate;
}

/**
 * `demarc remediate` for up to `findings` separation and tool findings of a synthetic estate of
 * `accounts` accounts (the shape of bench/core.ts: 0.75 persons, 0.2 groups and 10 memberships per
 * account, nesting 8 deep), every plan proven by the what-if engine: `demarc audit` and `demarc remediate`
 * as a user runs them, start to exit, then the planner in process on the estate in memory.
 */
export async function benchRemediate(opts: { accounts: number; findings: number }): Promise<void> {
  const A = opts.accounts;
  const spec = {
    persons: Math.floor(A * 0.75),
    accounts: A,
    groups: Math.floor(A * 0.2),
    memberships: A * 10,
    depth: 8,
  };
  const dir = mkdtempSync(join(tmpdir(), 'demarc-bench-remediate-'));
  // IT held through a ninth of its groups (credentials: entitlements), so that groups hold no zone by
  // themselves; OT held by the OT forest's accounts only. With random nesting 8 deep, OT reached through
  // IT groups (the synthetic OT-Access-* groups) sits behind groups held by thousands that also lead to
  // most of an analyst's IT entitlements: no cut under 1,024 identities keeps the home zone, so those
  // findings would measure the search for a cut, not the plans and their proofs.
  const config = SYNTHETIC_CONFIG.replace(
    '  - id: it\n    sources: [it-ad]\n',
    '  - id: it\n    sources: [it-ad]\n    credentials: entitlements\n    entitlements:\n      - { source: it-ad, name: "G-1*" }\n',
  ).replace('    entitlements:\n      - { source: it-ad, name: "OT-Access-*" }\n', '');
  if (config === SYNTHETIC_CONFIG || config.includes('OT-Access-*')) throw new Error('the synthetic configuration changed shape');
  writeFileSync(join(dir, 'demarc.yaml'), config);
  const loaded = await loadConfig(join(dir, 'demarc.yaml'));
  rmSync(dir, { recursive: true, force: true });
  // The same estate and configuration as files, for the whole-process run below.
  mkdirSync(BENCH_DIR, { recursive: true });
  const snapshot = join(BENCH_DIR, `estate-planning-${A}.jsonl`);
  if (!existsSync(snapshot)) await writeSnapshotLines(snapshot, planningLines(spec));
  const configFile = join(BENCH_DIR, 'demarc-planning.yaml');
  writeFileSync(configFile, config);
  const NOW = '2026-11-25T12:00:00Z';
  console.log(`\n== remediate: minimum cuts, each proven by the what-if engine (${A} accounts) ==`);
  // The commands a user runs, each start to exit, before this process holds an estate of its own (a
  // large heap here slowed the child by a fifth on a 2-core machine).
  const out = mkdtempSync(join(tmpdir(), 'demarc-bench-remediate-out-'));
  let fingerprints: string[];
  try {
    const common = ['-c', configFile, '-s', snapshot, '--now', NOW, '-f', 'json', '-o'];
    const audit = runCli(['audit', ...common, join(out, 'audit.json')]);
    const report = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as { findings: Finding[] };
    fingerprints = report.findings
      .filter((f) => (PLANNED_KINDS as readonly string[]).includes(f.kind) && f.status === 'open')
      .slice(0, opts.findings)
      .map((f) => f.fingerprint);
    console.log(`  demarc audit, whole process    ${secs(audit)}; ${report.findings.length} findings, ${fingerprints.length} selected`);
    const args = ['remediate', ...common, join(out, 'plans.json'), '--home-zone', 'soc-staff=it'];
    for (const fp of fingerprints) args.push('--finding', fp);
    const run = runCli(args);
    const plans = JSON.parse(readFileSync(join(out, 'plans.json'), 'utf8')) as RemediationReport;
    console.log(`  demarc remediate, whole process ${secs(run)}; ${statuses(plans)} (snapshot read, audit, plans, proofs, report written)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const packs = await loadPacks(loaded.config.policies, loaded.baseDir);
  inProcess(loaded, estateForPlanning(spec), packs, new Date(NOW), fingerprints);
}

const secs = (r: CliRun): string =>
  `${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU, peak RSS ${r.maxRssMiB.toFixed(0)} MiB, exit ${r.code}`;

function statuses(r: RemediationReport): string {
  const by = (s: string) => r.remediations.filter((x) => x.status === s).length;
  return `${by('planned')} planned and proven, ${by('no-cut')} without a cut, ${by('not-a-removal')} not removals, ${by('proof-failed')} failed proofs`;
}

/** The planner with its audit and proofs on the estate in memory, for its phases apart from reading and writing. */
function inProcess(loaded: LoadedConfig, estate: Estate, packs: LoadedPack[], now: Date, fingerprints: string[]): void {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const r = remediate(loaded, estate, packs, { now, fingerprints, homeZones: [{ population: 'soc-staff', zone: 'it' }] });
  const wall = (performance.now() - t) / 1000;
  if (process.env.REMEDIATE_REASONS) {
    const count = new Map<string, number>();
    for (const x of r.report.remediations) {
      const k = `${x.kind} ${x.subject.type} ${x.status}: ${x.reason ?? ''} ${x.blocking?.[0]?.reason ?? ''}`;
      count.set(k, (count.get(k) ?? 0) + 1);
    }
    console.log(count);
  }
  console.log(
    `  in process, estate in memory   ${wall.toFixed(2)} s wall, ${cpuS(cpu).toFixed(2)} s CPU (audit, plans and proofs); ${statuses(r.report)}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void benchRemediate({ accounts: Number(process.argv[2] ?? 100_000), findings: Number(process.argv[3] ?? 1000) });
}
