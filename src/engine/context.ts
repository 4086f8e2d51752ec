import type { AuditConfig } from '../config/audit-config.js';
import type { VerificationHistory } from '../model/verification-history.js';
import type { People } from '../correlate/correlate.js';
import type { Estate } from '../estate/estate.js';
import type { AccessGraph } from './access-graph.js';
import type { NodePredicate } from './entitlement-match.js';
import type { ZoneTable } from './zones.js';
import type { PersonSet } from './person-set.js';

/**
 * Everything a rule may read. Built once per run; rules are pure functions of it (no I/O), which is
 * what makes offline evaluation, verification by re-evaluation and the what-if check possible.
 */
export interface RuleContext {
  estate: Estate;
  config: AuditConfig;
  zones: ZoneTable;
  graph: AccessGraph;
  /** Zones each node grants by itself. */
  grant: Uint32Array;
  /** 1 for baseline nodes (what every account of a directory has): they grant nothing by themselves. */
  baseline: Uint8Array;
  /** Zones each node gives, through everything it holds (nesting, roles, ownership). */
  effective: Uint32Array;
  /** Zones of each source (by id). */
  sourceZones: Map<string, number>;
  people: People;
  /** Zones each person holds through enabled, unexpired accounts (index = person index). */
  personZones: Uint32Array;
  /** Persons (indexes) of a population named in the configuration; throws on an unknown name. */
  population(name: string): PersonSet;
  /** Predicate over graph nodes for an entitlement set named in the configuration. */
  entitlementSet(name: string): NodePredicate;
  now: Date;
  timeZone: string;
  /** Earlier runs of the baseline history (CIP-004-7 R4.2), when the audit was given one. */
  history?: VerificationHistory;
  /** Next hops toward the nearest grant of a zone bit, for chains (computed once per zone, on demand). */
  nextHop(bit: number): Int32Array;
}
