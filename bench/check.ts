import { pathToFileURL } from 'node:url';
import { auditWithPacks } from '../src/audit/run-audit.js';
import { Plan } from '../src/check/plan-schema.js';
import { runCheck } from '../src/check/run-check.js';
import { AuditConfig } from '../src/config/audit-config.js';
import type { LoadedConfig } from '../src/config/load-config.js';
import type { Estate, PrincipalNode } from '../src/estate/estate.js';
import type { LoadedPack } from '../src/policy/load-packs.js';
import { PolicyPack } from '../src/policy/pack-schema.js';

/** Deterministic PRNG (mulberry32), so every run measures the same estate. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An IT and an OT directory and an HR roster with the shape of PERFORMANCE.md's S estate scaled to
 * `accounts`: 0.75 persons, 0.2 groups and 10 memberships per account, nesting 8 levels deep with a
 * few cycles, and a block of IT groups that grant OT remote access.
 */
export function syntheticEstate(accounts: number, seed = 7): Estate {
  const rnd = prng(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const persons = Math.floor(accounts * 0.75);
  const groups = Math.max(16, Math.floor(accounts * 0.2));
  const otGroups = Math.floor(groups / 5);
  const createdAt = '2026-11-25T00:00:00.000Z';
  const source = (id: string, kind: 'ldap' | 'csv') => ({ id, kind, origin: {}, collectedAt: createdAt, complete: true, problems: [], notCollected: [], counts: {} });
  const principals: PrincipalNode[] = [];
  for (let i = 0; i < accounts; i++) {
    const ot = i % 5 === 4;
    principals.push({ kind: 'account', source: ot ? 'ot-ad' : 'it-ad', id: `a${i}`, name: `user${i}`, samAccountName: `user${i}`, type: i % 50 === 0 ? 'service' : 'user', employeeId: `E${i % persons}`, enabled: i % 40 !== 0 });
  }
  const firstGroup = principals.length;
  for (let g = 0; g < groups; g++) {
    const ot = g < otGroups;
    const remote = !ot && g < otGroups + 20;
    principals.push({ kind: 'group', source: ot ? 'ot-ad' : 'it-ad', id: `g${g}`, name: remote ? `OT-Remote-${g}` : `G-${g}`, groupKind: 'security', members: [] });
  }
  const level = (g: number): number => g % 8;
  const sameSource = (g: number, ot: boolean): number => {
    for (;;) {
      const h = pick(groups);
      if (h < otGroups === ot) return h;
    }
  };
  const members = (g: number): number[] => (principals[firstGroup + g] as Extract<PrincipalNode, { kind: 'group' }>).members;
  const memberships = accounts * 10;
  for (let e = 0; e < memberships; e++) {
    if (e % 10 === 0) {
      // Nesting: a group joins a group one level up (so depth reaches 8), now and then a cycle.
      const g = pick(groups);
      let h = sameSource(g, g < otGroups);
      if (level(h) !== (level(g) + 1) % 8 && e % 1000 !== 0) continue;
      if (h === g) h = (h + 1) % groups;
      members(h).push(firstGroup + g);
    } else {
      const a = pick(accounts);
      members(sameSource(0, a % 5 === 4)).push(a);
    }
  }
  return {
    createdAt,
    sources: [source('it-ad', 'ldap'), source('ot-ad', 'ldap'), source('hr', 'csv')],
    principals,
    roleAssignments: [],
    applications: [],
    links: [],
    persons: Array.from({ length: persons }, (_, p) => ({ source: 'hr', id: `E${p}`, name: `Person ${p}`, employeeId: `E${p}`, department: p % 10 === 0 ? 'SOC' : 'Ops', status: 'active' as const })),
    tools: [
      { source: 'hr', id: 'siem', name: 'SIEM', zone: 'it', identities: [{ source: 'it-ad', ref: 'user50' }] },
      { source: 'hr', id: 'otmon', name: 'OT monitor', zone: 'ot', identities: [{ source: 'ot-ad', ref: 'user4' }] },
    ],
    mappings: [],
    records: [],
  };
}

export const syntheticConfig = (): LoadedConfig => ({
  config: AuditConfig.parse({
    version: 1,
    zones: [
      { id: 'it', sources: ['it-ad'] },
      { id: 'ot', sources: ['ot-ad'], entitlements: [{ source: 'it-ad', name: 'OT-Remote-*' }] },
    ],
    populations: { soc: { department: ['SOC'] } },
    policies: ['bench'],
  }),
  file: 'bench.yaml', baseDir: '.', sha256: '', text: '', exceptions: [],
});

const rule = (id: string, kind: string, options: object) => ({
  id, kind, title: `${kind} ${id}`, severity: 'high', options,
  rationale: 'Segregation between IT and OT is the claim being audited.',
  remediation: 'Remove the access that crosses the zones, or record an exception.',
  controls: [{ framework: 'NIST SP 800-53 Rev. 5', id: 'AC-5' }],
});

export const syntheticPacks = (): LoadedPack[] => [{
  pack: PolicyPack.parse({
    pack: 'bench', title: 'Bench', description: 'zone separation, tool isolation, correlation',
    rules: [
      rule('SEP-001', 'zone-separation', { zones: ['it', 'ot'], scope: 'soc' }),
      rule('SEP-002', 'zone-separation', { zones: ['it', 'ot'], subjects: 'unattributed-accounts' }),
      rule('TOOL-001', 'tool-isolation', {}),
      rule('COR-001', 'correlation', {}),
    ],
  }) as never,
  file: 'bench.yaml', sha256: '', text: '', disabled: new Set(),
}];

/** Prints the time of `demarc check` (plan applied to a loaded snapshot) against a full audit. */
export async function benchCheck(opts: { accounts: number }): Promise<void> {
  const estate = syntheticEstate(opts.accounts);
  const loaded = syntheticConfig();
  const packs = syntheticPacks();
  const now = new Date('2026-11-25T12:00:00Z');
  const memberships = estate.principals.reduce((n, p) => n + (p.kind === 'group' ? p.members.length : 0), 0);
  console.log(`check: ${opts.accounts} accounts, ${estate.persons.length} persons, ${estate.principals.length - opts.accounts} groups, ${memberships} memberships`);
  let t = performance.now();
  const full = auditWithPacks(loaded, estate, now, packs).report;
  console.log(`  full audit (for comparison)      ${((performance.now() - t) / 1000).toFixed(2)} s, ${full.findings.length} findings`);
  // The first IT group id (groups below it are OT); it and the next 19 grant OT remote access.
  const otFirst = Math.floor((estate.principals.length - opts.accounts) / 5);
  const plans: [string, Plan][] = [
    ['new SOC analyst, nested OT group', Plan.parse({ newPerson: { id: 'N1', name: 'New Analyst', employeeId: 'N1', department: 'SOC' }, accounts: [{ source: 'it-ad', name: 'new.analyst@corp.example' }], addMembers: [{ group: `it-ad:g${otFirst + 100}` }, { group: `it-ad:g${otFirst}` }] })],
    ['remove a membership', Plan.parse({ removeMembers: [{ group: `it-ad:g${otFirst + 1000}`, member: 'it-ad:' + estate.principals[(estate.principals.find((p) => p.kind === 'group' && p.id === `g${otFirst + 1000}`) as Extract<PrincipalNode, { kind: 'group' }>).members[0]!]!.id }] })],
  ];
  for (const [label, plan] of plans) {
    for (let round = 0; round < 3; round++) {
      t = performance.now();
      const r = runCheck(loaded, estate, packs, plan, now);
      const ms = performance.now() - t;
      if (round < 2) continue;
      const tm = r.timingsMs;
      console.log(`  check: ${label.padEnd(32)} ${(ms / 1000).toFixed(3)} s (plan ${tm.plan.toFixed(0)} ms, region ${tm.region.toFixed(0)} ms, evaluate ${tm.evaluate.toFixed(0)} ms); region ${r.region.principals} of ${r.region.ofPrincipals} principals; +${r.introduced.length} -${r.resolved.length} findings`);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void benchCheck({ accounts: Number(process.argv[2] ?? 100_000) });
}
