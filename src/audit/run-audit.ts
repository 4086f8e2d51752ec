import type { LoadedConfig } from '../config/load-config.js';
import { buildContext } from '../engine/build-context.js';
import type { RuleContext } from '../engine/context.js';
import { evaluatePacks } from '../policy/evaluate.js';
import type { Estate } from '../estate/estate.js';
import type { Report } from '../model/findings.js';
import { loadPacks, type LoadedPack } from '../policy/load-packs.js';
import type { Population } from '../rules/rule-kind.js';
import { buildReport } from './report.js';
import { checkExceptionRules } from './exception-rules.js';

export interface AuditResult {
  report: Report;
  context: RuleContext;
  packs: LoadedPack[];
  /** By rule id: the population each CIP rule examined, which an evidence bundle writes. */
  populations: ReadonlyMap<string, Population>;
}

/**
 * Evaluates an estate against the configuration's packs: pure apart from reading the pack files. The
 * run history, when `loaded` carries one (`withHistory`), is what the CIP-004-7 R4.2 rule reads.
 */
export async function runAudit(loaded: LoadedConfig, estate: Estate, now: Date, packs?: LoadedPack[]): Promise<AuditResult> {
  const usedPacks = packs ?? (await loadPacks(loaded.config.policies, loaded.baseDir));
  return auditWithPacks(loaded, estate, now, usedPacks);
}

export function auditWithPacks(loaded: LoadedConfig, estate: Estate, now: Date, packs: LoadedPack[]): AuditResult {
  checkExceptionRules(loaded, packs);
  const context = buildContext(estate, loaded.config, now, loaded.history);
  const evaluation = evaluatePacks(context, packs, loaded.exceptions);
  const report = buildReport({
    estate,
    evaluation,
    packs,
    now,
    timeZone: loaded.config.timeZone,
    configSha256: loaded.sha256,
    persons: context.people.persons.length,
    unresolvedMappings: context.people.unresolvedMappings,
  });
  return { report, context, packs, populations: evaluation.populations };
}
