import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { auditWithPacks } from '../src/audit/run-audit.js';
import { Plan } from '../src/check/plan-schema.js';
import { runCheck } from '../src/check/run-check.js';
import { loadConfig } from '../src/config/load-config.js';
import type { GroupNode } from '../src/estate/estate.js';
import { loadPacks } from '../src/policy/load-packs.js';
import { SYNTHETIC_CONFIG, generateEstate } from './generate-estate.js';

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

/**
 * `demarc check` on a synthetic estate of `accounts` accounts (0.75 persons, 0.2 groups and 10
 * memberships per account, nesting 8 deep, every rule of integrated-soc), against a full audit of the
 * same estate. The estate is in memory: the figure is the check itself, after the snapshot is read.
 */
export async function benchCheck(opts: { accounts: number }): Promise<void> {
  const A = opts.accounts;
  const estate = generateEstate({ persons: Math.floor(A * 0.75), accounts: A, groups: Math.floor(A * 0.2), memberships: A * 10, depth: 8 });
  const dir = mkdtempSync(join(tmpdir(), 'demarc-bench-check-'));
  writeFileSync(join(dir, 'demarc.yaml'), SYNTHETIC_CONFIG);
  const loaded = await loadConfig(join(dir, 'demarc.yaml'));
  rmSync(dir, { recursive: true, force: true });
  const packs = await loadPacks(loaded.config.policies, loaded.baseDir);
  const now = new Date('2026-11-25T12:00:00Z');
  const groups: GroupNode[] = [];
  for (let i = 0; i < estate.principals.length; i++)
    if (estate.principals.kind(i) === 'group') groups.push(estate.principals.at(i) as GroupNode);
  const memberships = groups.reduce((n, g) => n + g.members.length, 0);
  console.log(
    `\n== check: what-if on a synthetic estate (${A} accounts, ${estate.persons.length} persons, ${groups.length} groups, ${memberships} memberships) ==`,
  );
  let t = performance.now();
  let cpu = process.cpuUsage();
  const full = auditWithPacks(loaded, estate, now, packs).report;
  console.log(
    `  full audit, for comparison                      ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${(cpuMs(cpu) / 1000).toFixed(2)} s CPU; ${full.findings.length} findings`,
  );
  const otAccess = groups.find((g) => g.source === 'it-ad' && g.name.startsWith('OT-Access-'))!;
  const itGroup = groups.find((g) => g.source === 'it-ad' && g.name.startsWith('G-') && g.groupKind === 'security')!;
  const removable = groups.find(
    (g) => g.source === 'it-ad' && g.name.startsWith('G-') && g.members.some((m) => estate.principals.isAccount(m)),
  )!;
  const member = estate.principals.at(removable.members.find((m) => estate.principals.isAccount(m))!);
  const plans: [string, Plan][] = [
    [
      'new SOC analyst in an OT access group',
      Plan.parse({
        newPerson: { id: 'N1', name: 'New Analyst', employeeId: 'N1', department: 'SOC' },
        accounts: [{ source: 'it-ad', name: 'new.analyst' }],
        addMembers: [{ group: `it-ad:${itGroup.id}` }, { group: `it-ad:${otAccess.id}` }],
      }),
    ],
    ['remove one membership', Plan.parse({ removeMembers: [{ group: `it-ad:${removable.id}`, member: `it-ad:${member.id}` }] })],
  ];
  for (const [label, plan] of plans) {
    const runs: { wall: number; cpu: number; r: ReturnType<typeof runCheck> }[] = [];
    for (let k = 0; k < 5; k++) {
      t = performance.now();
      cpu = process.cpuUsage();
      const r = runCheck(loaded, estate, packs, plan, now);
      runs.push({ wall: performance.now() - t, cpu: cpuMs(cpu), r });
    }
    const best = runs.slice(1).sort((a, b) => a.wall - b.wall)[0]!;
    const tm = best.r.timingsMs;
    console.log(
      `  check: ${label.padEnd(40)}${(best.wall / 1000).toFixed(3)} s wall, ${(best.cpu / 1000).toFixed(3)} s CPU (plan ${tm.plan.toFixed(0)} ms, region ${tm.region.toFixed(0)} ms, evaluate ${tm.evaluate.toFixed(0)} ms); ` +
        `region ${best.r.region.principals} of ${best.r.region.ofPrincipals} principals; +${best.r.introduced.length} -${best.r.resolved.length} findings (best of 4 after a warm-up)`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void benchCheck({ accounts: Number(process.argv[2] ?? 100_000) });
}
