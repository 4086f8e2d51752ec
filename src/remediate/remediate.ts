import { auditWithPacks } from '../audit/run-audit.js';
import { Plan, type PlanInput } from '../check/plan-schema.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { Estate } from '../estate/estate.js';
import type { Finding } from '../model/findings.js';
import type { LoadedPack } from '../policy/load-packs.js';
import { InputError } from '../util/errors.js';
import { Collateral } from './collateral.js';
import type { Arc } from './cut.js';
import { MAX_TRIES } from './home-cut.js';
import { homeZonesOf, type HomeZone } from './home-zones.js';
import { MAX_STEP_WEIGHT, planFinding, type Draft } from './plan-finding.js';
import type { PlanningContext } from './planning-context.js';
import { Prover, mergePlans, type Proof, type ProofItem } from './prove.js';
import type { Remediation, RemediationReport } from './remediation-schema.js';
import { addToPlan, blockingText, stepOf } from './steps.js';

/** Kinds whose findings a removal can clear. */
export const PLANNED_KINDS = ['zone-separation', 'tool-isolation', 'directory-isolation'] as const;

export interface RemediateOptions {
  now: Date;
  /** Only these findings (fingerprints); all planned kinds when empty. */
  fingerprints?: readonly string[];
  /** Only findings of these rules. */
  rules?: readonly string[];
  /** Plan excepted findings too (they get none by default). */
  includeExcepted?: boolean;
  homeZones?: readonly HomeZone[];
}

export interface RemediateResult {
  report: RemediationReport;
  /** Plans the what-if engine rejected (never printed as a fix): a fault, exit 3. */
  failed: number;
  incompleteSources: string[];
}

const emptyPlan = (): Required<
  Pick<PlanInput, 'removeMembers' | 'removeRoles' | 'removeGroupAssignments' | 'removeOwners' | 'disableAccounts' | 'removeLinks'>
> => ({ removeMembers: [], removeRoles: [], removeGroupAssignments: [], removeOwners: [], disableAccounts: [], removeLinks: [] });

/**
 * For each selected finding, the minimum-weight set of removals that clears it (docs/remediation.md),
 * proven by the what-if engine before it is reported: applied to the snapshot it resolves the finding
 * and introduces none; all plans together are proven once more.
 */
export function remediate(loaded: LoadedConfig, estate: Estate, packs: LoadedPack[], o: RemediateOptions): RemediateResult {
  const { report, context: ctx } = auditWithPacks(loaded, estate, o.now, packs);
  const wanted = new Set(o.fingerprints ?? []);
  for (const fp of wanted)
    if (!report.findings.some((f) => f.fingerprint === fp))
      throw new InputError(`no finding has fingerprint ${fp}`, { path: '--finding' }, 'take fingerprints from `demarc audit -f json`');
  const skipped: RemediationReport['skipped'] = [];
  const selected = report.findings.filter((f) => {
    if (wanted.size && !wanted.has(f.fingerprint)) return false;
    if (o.rules?.length && !o.rules.includes(f.ruleId)) return false;
    if (!(PLANNED_KINDS as readonly string[]).includes(f.kind)) {
      if (wanted.has(f.fingerprint))
        skipped.push({ fingerprint: f.fingerprint, reason: `${f.kind} findings are not cleared by removing access` });
      return false;
    }
    if (f.status === 'excepted' && !o.includeExcepted) {
      skipped.push({ fingerprint: f.fingerprint, reason: 'excepted (use --include-excepted to plan it)' });
      return false;
    }
    return true;
  });

  const pc = planningContext(ctx, packs, homeZonesOf(loaded.config, o.homeZones ?? []), selected);
  const drafts = selected.map((f) => ({ f, candidates: planFinding(pc, f) }));
  const planOf = (d: Draft): Plan | undefined => {
    if (d.status !== 'planned') return undefined;
    const p = emptyPlan();
    for (const a of d.arcs) addToPlan(ctx, p, a.removal!);
    return Plan.parse(p);
  };
  const plansOf = drafts.map(({ candidates }) => candidates.map(planOf));
  const prover = new Prover(loaded, estate, packs, o.now, ctx, pc.col.tools());
  // Every finding's first plan is proven in one pass (in batches, see prove.ts); a later candidate only
  // when the one before it fails its proof.
  const item = (i: number, k: number): ProofItem => {
    const d = drafts[i]!.candidates[k]! as Extract<Draft, { status: 'planned' }>;
    return { plan: plansOf[i]![k]!, seeds: seedsOf(d.arcs), steps: d.arcs.map((a) => stepOf(ctx, pc.col, a, d.removed).text) };
  };
  const proofs = new Map<string, Proof>();
  const firsts: [number, number][] = [];
  drafts.forEach(({ candidates }, i) => {
    const k = candidates.findIndex((d) => d.status !== 'no-cut');
    if (k >= 0 && candidates[k]!.status === 'planned') firsts.push([i, k]);
  });
  prover.checkAll(firsts.map(([i, k]) => item(i, k))).forEach((p, n) => proofs.set(`${firsts[n]![0]}:${firsts[n]![1]}`, p));
  const proofOf = (i: number, k: number): Proof => proofs.get(`${i}:${k}`) ?? prover.checkAll([item(i, k)])[0]!;

  let failed = 0;
  const remediations: Remediation[] = drafts.map(({ f, candidates }, i) => {
    const base = {
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      kind: f.kind,
      findingStatus: f.status,
      subject: f.subject,
      message: f.message,
      steps: [],
    };
    let lastProblem = '';
    for (const [k, d] of candidates.entries()) {
      const zones = { homeZones: ctx.zones.names(d.home), removedZones: ctx.zones.names(d.removed) };
      if (d.status === 'not-a-removal') return { ...base, ...zones, status: 'not-a-removal' as const, reason: d.reason };
      if (d.status === 'no-cut') {
        if (k < candidates.length - 1) continue;
        return {
          ...base,
          ...zones,
          status: 'no-cut' as const,
          reason: d.gaveUp
            ? `no cut found that keeps the home zone within ${MAX_TRIES} tries`
            : d.tooCostly
              ? `every cut has a step that takes access from more than ${MAX_STEP_WEIGHT} other identities`
              : 'every way to the zone runs through an edge that cannot be removed',
          blocking: d.blocking.map((a) => ({ text: blockingText(ctx, a), reason: a.block! })),
        };
      }
      const plan = plansOf[i]![k]!;
      const check = proofOf(i, k);
      const resolved = check.resolved.some((r) => r.fingerprint === f.fingerprint);
      const followUps = check.introduced.filter((x) => isFollowUp(f, x));
      const introduced = check.introduced.filter((x) => !isFollowUp(f, x)).map((x) => x.fingerprint);
      if (resolved && introduced.length === 0) {
        return {
          ...base,
          ...zones,
          status: 'planned' as const,
          weight: d.weight,
          steps: d.arcs.map((a) => stepOf(ctx, pc.col, a, d.removed)),
          plan,
          ...(followUps.length ? { followUps: followUps.map(followUpOf) } : {}),
          proof: { resolved, introduced, changes: check.changes },
        };
      }
      lastProblem = !resolved
        ? 'applied to the snapshot, the plan does not resolve the finding'
        : `applied to the snapshot, the plan introduces ${introduced.length} finding(s): ${check.introduced
            .filter((x) => !isFollowUp(f, x))
            .map((x) => `${x.ruleId} ${x.message}`)
            .join('; ')}`;
    }
    failed++;
    return { ...base, homeZones: [], removedZones: [], status: 'proof-failed' as const, reason: lastProblem };
  });

  const proven = remediations.filter((r) => r.status === 'planned').map((r) => r.plan!);
  let together: RemediationReport['together'];
  if (proven.length > 1) {
    const check = prover.together(
      mergePlans(proven),
      remediations.flatMap((r, i) =>
        r.status === 'planned' ? drafts[i]!.candidates.flatMap((d) => (d.status === 'planned' ? seedsOf(d.arcs) : [])) : [],
      ),
    );
    const expected = new Set(remediations.flatMap((r) => (r.followUps ?? []).map((x) => x.fingerprint)));
    together = {
      introduced: check.introduced.filter((x) => !expected.has(x.fingerprint)).map((x) => x.fingerprint),
      resolved: check.resolved.length,
    };
    if (together.introduced.length) failed++;
  }
  return {
    report: { generatedAt: o.now.toISOString(), remediations, ...(together ? { together } : {}), skipped },
    failed,
    incompleteSources: estate.sources.filter((s) => !s.complete).map((s) => s.id),
  };
}

/** Nodes whose holdings a cut changes: the holders of removed edges, and the accounts, members and owners named. */
function seedsOf(arcs: readonly Arc[]): number[] {
  const out: number[] = [];
  for (const a of arcs) {
    if (a.tail >= 0) out.push(a.tail);
    const r = a.removal;
    if (!r) continue;
    if (r.type === 'disable') out.push(r.account);
    else if (r.type === 'owner') out.push(r.owner);
    else if (r.type !== 'link') out.push(r.member);
  }
  return out;
}

/**
 * Removing access can leave an authorisation record (CIP-004-7 R4.1) authorising access the person no
 * longer holds, which the authorisation rule reports (authorised, access not held). That is a real
 * consequence of the change, not a violation it creates: the record is withdrawn with it. Such a
 * finding is therefore a step of the plan, listed as a follow-up to do in the CIP records, and the
 * proof accepts exactly those: an authorisation finding about the plan's own person, of the kind a
 * removal can cause (it names an entitlement no enabled account of theirs holds any more). A removal
 * cannot make access unauthorised nor a record unresolvable, so any other introduced finding fails.
 */
const isFollowUp = (target: Finding, introduced: Finding): boolean =>
  introduced.kind === 'authorization' &&
  target.subject.type === 'person' &&
  introduced.subject.type === 'person' &&
  introduced.subject.id === target.subject.id &&
  introduced.zones.length === 0 &&
  / but no enabled account of theirs holds it/.test(introduced.message);

/** The follow-up in plain words: which record to withdraw, where, for what. */
function followUpOf(x: Finding): { fingerprint: string; text: string; message: string } {
  const record = /\(([^()]* line \d+)\)/.exec(x.message)?.[1];
  const entitlement = typeof x.details?.entitlement === 'string' ? x.details.entitlement : undefined;
  const text = `withdraw the authorisation record${record ? ` at ${record}` : ''}${entitlement ? ` for ${entitlement}` : ''} in the CIP records (CIP-004-7 R4.1): the plan removes the access it authorises`;
  return { fingerprint: x.fingerprint, text, message: x.message };
}

/** Index lookups for the subjects of the selected findings only (one pass each, not a full name index). */
function planningContext(
  ctx: PlanningContext['ctx'],
  packs: LoadedPack[],
  homes: readonly HomeZone[],
  findings: Finding[],
): PlanningContext {
  const personIds = new Set(findings.filter((f) => f.subject.type === 'person').map((f) => f.subject.id.toLowerCase()));
  const persons = new Map<string, number>();
  if (personIds.size)
    for (let p = 0; p < ctx.people.persons.length; p++) {
      const id = ctx.people.persons.str(p, 'id')!.toLowerCase();
      if (personIds.has(id) && !persons.has(id)) persons.set(id, p);
    }
  const accounts = new Map<string, number>();
  const wantedAccounts = new Set<string>();
  for (const f of findings) {
    if (f.subject.type === 'account') wantedAccounts.add(`${f.subject.source}\0${f.subject.id}`);
    const id = f.chains[0]?.steps[1];
    if (f.kind === 'tool-isolation' && id?.source) wantedAccounts.add(`${id.source}\0${id.id}`);
  }
  if (wantedAccounts.size)
    for (let i = 0; i < ctx.estate.principals.length; i++) {
      if (!ctx.estate.principals.isAccount(i)) continue;
      const key = `${ctx.estate.principals.source(i)}\0${ctx.estate.principals.str(i, 'id')}`;
      if (wantedAccounts.has(key) && !accounts.has(key)) accounts.set(key, i);
    }
  return {
    ctx,
    packs,
    col: new Collateral(ctx),
    homes,
    personIndex: (id) => persons.get(id.toLowerCase()) ?? -1,
    accountIndex: (source, id) => accounts.get(`${source}\0${id}`) ?? -1,
  };
}
