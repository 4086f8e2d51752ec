import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSources } from '../../src/audit/collect.js';
import { auditWithPacks } from '../../src/audit/run-audit.js';
import { applyPlan } from '../../src/check/apply-plan.js';
import { Plan, type PlanInput } from '../../src/check/plan-schema.js';
import { runCheck } from '../../src/check/run-check.js';
import { withHistory } from '../../src/baseline/audit-history.js';
import { loadConfig, type LoadedConfig } from '../../src/config/load-config.js';
import type { Estate } from '../../src/estate/estate.js';
import { loadPacks, type LoadedPack } from '../../src/policy/load-packs.js';
import { InputError } from '../../src/util/errors.js';

/**
 * A fixed number of runs (fast-check counts runs, not time), sized to take a few seconds on one core;
 * FC_RUNS raises it for a longer search. The per-test limit only stops a hang: it is far above what the
 * runs need even on a loaded machine, so the result never depends on the machine's speed.
 */
const RUNS = Number(process.env.FC_RUNS ?? 40);
const HANG_GUARD_MS = 600_000;

const NOW = new Date('2026-11-25T12:00:00Z');
const DEMO = resolve('fixtures/demo');
let dir: string;
let loaded: LoadedConfig;
let packs: LoadedPack[];
let estate: Estate;

/** The demo estate with its NERC CIP record sets and both bundled packs: every rule kind runs. */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demarc-check-cip-'));
  const cfg = parse(readFileSync(join(DEMO, 'demarc.yaml'), 'utf8'));
  for (const s of cfg.sources) if (s.file) s.file = join(DEMO, s.file);
  // The demo configuration carries the CIP record sources; widen the scope so more rules fire.
  cfg.entitlementSets['cip-access'] = [
    { source: 'ot-ad', name: 'OT-*' },
    { source: 'it-entra', type: 'group', name: 'OT-*' },
  ];
  cfg.policies = ['hybrid-soc', 'nerc-cip'];
  cfg.exceptions = join(DEMO, 'exceptions.yaml');
  cfg.history.stateDir = join(DEMO, cfg.history.stateDir);
  writeFileSync(join(dir, 'demarc.yaml'), stringify(cfg));
  loaded = await withHistory(await loadConfig(join(dir, 'demarc.yaml')));
  packs = await loadPacks(loaded.config.policies, loaded.baseDir);
  estate = await collectSources(loaded.config, {
    baseDir: loaded.baseDir,
    now: NOW,
    timeZone: loaded.config.timeZone,
    progress: () => undefined,
    log: () => undefined,
    env: {},
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const Choice = fc.record({
  who: fc.constantFrom('new', 'existing', 'none'),
  person: fc.nat(50),
  accounts: fc.array(fc.nat(3), { maxLength: 2 }),
  add: fc.array(fc.record({ g: fc.nat(50), m: fc.option(fc.nat(100), { nil: undefined }) }), { maxLength: 3 }),
  remove: fc.array(fc.nat(100), { maxLength: 2 }),
  role: fc.option(fc.record({ r: fc.nat(10), m: fc.nat(100) }), { nil: undefined }),
  tool: fc.option(fc.record({ a: fc.nat(100), zone: fc.constantFrom('it', 'ot'), existing: fc.nat(10) }), { nil: undefined }),
});

function planFor(c: typeof Choice extends fc.Arbitrary<infer T> ? T : never): PlanInput {
  const ref = (p: { source: string; id: string }): string => `${p.source}:${p.id}`;
  const pick = <T>(xs: T[], i: number): T => xs[i % xs.length]!;
  const groups = estate.principals.toArray().filter((p) => p.kind === 'group');
  const members = estate.principals.toArray().filter((p) => p.kind !== 'foreign');
  const accounts = estate.principals.toArray().filter((p) => p.kind === 'account');
  const sources = ['it-entra', 'it-ad', 'ot-ad', 'ot-entra'];
  const plan: PlanInput = {};
  if (c.who === 'new')
    plan.newPerson = {
      id: 'E2000',
      name: 'Sam New',
      employeeId: 'E2000',
      email: 'sam.new@cvpower.example',
      department: 'Security Operations',
    };
  if (c.who === 'existing') plan.person = pick(estate.persons.toArray(), c.person).id;
  plan.accounts = c.accounts.map((s, k) => ({ source: sources[s]!, name: `sam.new${k}@cvpower.example` }));
  plan.addMembers = c.add.map((a) => ({
    group: ref(pick(groups, a.g)),
    ...(a.m === undefined ? {} : { member: ref(pick(members, a.m)) }),
  }));
  const direct = groups.flatMap((g) =>
    g.kind === 'group' ? g.members.map((m) => ({ group: ref(g), member: ref(estate.principals.at(m)) })) : [],
  );
  plan.removeMembers = [...new Set(c.remove.map((r) => r % direct.length))].map((i) => direct[i]!);
  const roles = estate.roleAssignments.filter((r) => r.assignmentKind === 'directory-role');
  if (c.role && roles.length) {
    const r = pick(roles, c.role.r);
    plan.addRoles = [
      {
        role: `${r.source}:${r.roleName}`,
        member: ref(
          pick(
            accounts.filter((a) => a.source === r.source),
            c.role.m,
          ),
        ),
      },
    ];
  }
  if (c.tool)
    plan.tools = [
      {
        id: c.tool.existing < estate.tools.length ? estate.tools[c.tool.existing]!.id : 'T-NEW',
        zone: c.tool.zone,
        identities: [{ ref: ref(pick(accounts, c.tool.a)) }],
      },
    ];
  return plan;
}

describe('check equals the difference of two full audits on the demo estate with every rule kind', () => {
  it('for random plans', { timeout: HANG_GUARD_MS }, () => {
    expect(packs.flatMap((p) => p.pack.rules).length).toBeGreaterThan(10);
    const full = (e: Estate) => auditWithPacks(loaded, e, NOW, packs).report;
    const baseline = full(estate);
    expect(
      baseline.rules.filter((r) => r.status === 'not-evaluated' || r.status === 'error').map((r) => `${r.ruleId}: ${r.reason}`),
    ).toEqual([]);
    const was = new Set(baseline.findings.map((f) => f.fingerprint));
    let checked = 0;
    let changed = 0;
    fc.assert(
      fc.property(Choice, (c) => {
        const plan = Plan.parse(planFor(c));
        let result;
        try {
          result = runCheck(loaded, estate, packs, plan, NOW);
        } catch (e) {
          if (e instanceof InputError) return fc.pre(false);
          throw e;
        }
        checked++;
        const will = full(applyPlan(estate, loaded.config, plan, NOW).estate).findings;
        const willSet = new Set(will.map((f) => f.fingerprint));
        const fps = (fs: { fingerprint: string }[]) => fs.map((f) => f.fingerprint).sort();
        expect(fps(result.introduced)).toEqual(fps(will.filter((f) => !was.has(f.fingerprint))));
        expect(fps(result.resolved)).toEqual(fps(baseline.findings.filter((f) => !willSet.has(f.fingerprint))));
        if (result.introduced.length + result.resolved.length) changed++;
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 42) },
    );
    expect(checked).toBeGreaterThan(RUNS / 2);
    expect(changed).toBeGreaterThan(checked / 4);
  });
});
