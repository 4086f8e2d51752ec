import { auditWithPacks } from '../audit/run-audit.js';
import { EXIT } from '../audit/report.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { Estate } from '../estate/estate.js';
import { severityRank, type Finding, type RuleResult, type Severity } from '../model/findings.js';
import type { LoadedPack } from '../policy/load-packs.js';
import { affectedRegion } from './affected.js';
import { applyPlan } from './apply-plan.js';
import type { Plan } from './plan-schema.js';
import { subEstate, subEstateAfter } from './sub-estate.js';

export interface CheckResult {
  changes: string[];
  /** Findings the change would add (by fingerprint), with the chains that prove them. */
  introduced: Finding[];
  /** Findings the change would make go away. */
  resolved: Finding[];
  /** Rules that could not run on the changed estate (a check is then never clean). */
  unevaluated: RuleResult[];
  incompleteSources: string[];
  region: { principals: number; persons: number; seeds: number; ofPrincipals: number };
  timingsMs: { plan: number; region: number; evaluate: number; total: number };
}

/**
 * What-if: lays the plan's edits over the estate's tables and evaluates only the region the change
 * can affect, before and after; a finding present after but not before (by fingerprint) is
 * introduced. The region holds every subject whose findings can differ, with everything it holds, so
 * the answer equals the difference between two full audits; its cost follows the region, not the
 * estate (one pass over the member lists, and targeted scans of the tables for the plan's names).
 */
export function runCheck(loaded: LoadedConfig, estate: Estate, packs: LoadedPack[], plan: Plan, now: Date, planFile?: string): CheckResult {
  const t0 = performance.now();
  const cfg = loaded.config;
  const applied = applyPlan(estate, cfg, plan, now, planFile);
  const after = applied.overlay;
  const t1 = performance.now();
  const region = affectedRegion(estate, applied, now, plan.newPerson?.id ?? plan.person);
  const P = estate.principals.length;
  const beforeCut = subEstate(
    estate,
    region.principals.filter((v) => v < P),
    region.persons.filter((i) => i < estate.persons.length),
  );
  const afterCut = subEstateAfter(after, region.principals, region.persons);
  const t2 = performance.now();
  const was = auditWithPacks(loaded, beforeCut, now, packs).report;
  const will = auditWithPacks(loaded, afterCut, now, packs).report;
  const t3 = performance.now();
  const wasFp = new Set(was.findings.map((f) => f.fingerprint));
  const willFp = new Set(will.findings.map((f) => f.fingerprint));
  return {
    changes: applied.changes,
    introduced: will.findings.filter((f) => !wasFp.has(f.fingerprint)),
    resolved: was.findings.filter((f) => !willFp.has(f.fingerprint)),
    unevaluated: will.rules.filter((r) => r.status === 'not-evaluated' || r.status === 'error'),
    incompleteSources: estate.sources.filter((s) => !s.complete).map((s) => s.id),
    region: {
      principals: region.principals.length,
      persons: region.persons.length,
      seeds: region.seeds,
      ofPrincipals: after.principalCount,
    },
    timingsMs: { plan: t1 - t0, region: t2 - t1, evaluate: t3 - t2, total: t3 - t0 },
  };
}

/** 1 when the change introduces an open finding at or above the threshold; 3 when data or rules were missing; else 0. */
export function checkExitCode(result: CheckResult, failOn: Severity): number {
  const min = severityRank(failOn);
  if (result.introduced.some((f) => f.status === 'open' && severityRank(f.severity) >= min)) return EXIT.findings;
  if (result.unevaluated.length > 0 || result.incompleteSources.length > 0) return EXIT.incomplete;
  return EXIT.clean;
}
