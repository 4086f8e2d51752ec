import type { VerificationHistory } from '../../src/model/verification-history.js';
import { AuditConfig } from '../../src/config/audit-config.js';
import { buildContext } from '../../src/engine/build-context.js';
import type { RuleContext } from '../../src/engine/context.js';
import { assembleEstate } from '../../src/estate/assemble.js';
import type { Estate } from '../../src/estate/estate.js';
import { CollectedSource, type CollectedSourceInput } from '../../src/model/collected.js';
import type { RuleKind } from '../../src/rules/rule-kind.js';

export const NOW = new Date('2026-11-25T12:00:00Z');

type Rec = Record<string, unknown>;

export const user = (id: string, extra: Rec = {}): Rec => ({ id, type: 'user', name: id, enabled: true, ...extra });
export const group = (id: string, members: string[], extra: Rec = {}): Rec => ({ id, name: id, groupKind: 'security', members, ...extra });
export const person = (id: string, extra: Rec = {}): Rec => ({ id, name: id, ...extra });

/** One source of collected records; `source` fields are filled in. */
export function source(
  id: string,
  parts: Partial<Record<keyof Omit<CollectedSourceInput, 'source'>, Rec[]>> & { source?: Rec } = {},
): CollectedSource {
  const { source: src, ...lists } = parts;
  const withSource = Object.fromEntries(
    Object.entries(lists).map(([k, v]) => [k, v.map((x) => (k === 'mappings' ? x : { source: id, ...x }))]),
  );
  return CollectedSource.parse({
    source: { id, kind: 'normalized', origin: {}, collectedAt: '2026-11-25T00:00:00Z', complete: true, ...src },
    ...withSource,
  });
}

export const estateOf = (...sources: CollectedSource[]): Estate => assembleEstate(sources, '2026-11-25T00:00:00Z');

/** A configuration with zones `it` and `ot` over sources of the same names, unless overridden. */
export function config(partial: Rec = {}): AuditConfig {
  return AuditConfig.parse({
    version: 1,
    zones: [
      { id: 'it', sources: ['it'] },
      { id: 'ot', sources: ['ot'] },
    ],
    policies: ['hybrid-soc'],
    ...partial,
  });
}

export function contextOf(estate: Estate, cfg: AuditConfig = config(), now = NOW, history?: VerificationHistory): RuleContext {
  return buildContext(estate, cfg, now, history);
}

/** Evaluates one rule kind with options (parsed by the kind's own schema). */
export function run(kind: RuleKind, options: Rec, estate: Estate, cfg: AuditConfig = config(), now = NOW) {
  return kind.evaluate(contextOf(estate, cfg, now), kind.options.parse(options));
}

export function findingsOf(kind: RuleKind, options: Rec, estate: Estate, cfg?: AuditConfig, now?: Date) {
  const out = run(kind, options, estate, cfg, now);
  if ('notEvaluated' in out) throw new Error(`not evaluated: ${out.notEvaluated}`);
  return out.findings;
}
