import type { AuditConfig } from '../config/audit-config.js';
import { correlate } from '../correlate/correlate.js';
import type { Estate } from '../estate/estate.js';
import type { VerificationHistory } from '../model/verification-history.js';
import { InputError } from '../util/errors.js';
import { buildAccessGraph } from './access-graph.js';
import { baselineNodes } from './baseline-entitlements.js';
import type { RuleContext } from './context.js';
import { entitlementPredicate, type NodePredicate } from './entitlement-match.js';
import { computeGrants, sourceZones } from './grants.js';
import { resolvePopulation } from './populations.js';
import { PersonSet } from './person-set.js';
import { propagateZones } from './propagate.js';
import { nearestGrant } from './nearest-grant.js';
import { reverseGraph, type ReverseGraph } from './reverse.js';
import { ZoneTable } from './zones.js';

/**
 * Computes, once for the whole estate, what every rule reads: the entitlement graph, each node's
 * effective zones (linear in nodes + memberships), correlation, and each person's zones.
 */
export function buildContext(estate: Estate, config: AuditConfig, now: Date, history?: VerificationHistory): RuleContext {
  const zones = new ZoneTable(config.zones);
  const graph = buildAccessGraph(estate, now);
  const bySource = sourceZones(estate, config.zones, zones);
  const baseline = baselineNodes(estate, graph, config.baseline);
  const grant = computeGrants(estate, graph, config, zones, bySource, baseline);
  const effective = propagateZones(graph, grant);
  const people = correlate(estate, config.correlation, now);
  const personZones = new Uint32Array(people.persons.length);
  const nowMs = now.getTime();
  const { start, items } = people.accountsOf;
  for (let p = 0; p < personZones.length; p++) {
    let m = 0;
    for (let k = start[p]!; k < start[p + 1]!; k++) if (estate.principals.isActive(items[k]!, nowMs)) m |= effective[items[k]!]!;
    personZones[p] = m >>> 0;
  }
  let reverse: ReverseGraph | undefined;
  const rev = (): ReverseGraph => (reverse ??= reverseGraph(graph));
  const nextHops = new Map<number, Int32Array>();
  const populations = new Map<string, PersonSet>();
  let everyone: PersonSet | undefined;
  const sets = new Map<string, NodePredicate>();
  return {
    estate,
    config,
    zones,
    graph,
    grant,
    baseline,
    effective,
    sourceZones: bySource,
    people,
    personZones,
    now,
    timeZone: config.timeZone,
    ...(history ? { history } : {}),
    nextHop(bit) {
      let next = nextHops.get(bit);
      if (!next) {
        next = nearestGrant(graph, rev(), grant, bit);
        nextHops.set(bit, next);
      }
      return next;
    },
    population(name) {
      if (name === 'all') return (everyone ??= PersonSet.all(people.persons.length));
      let set = populations.get(name);
      if (!set) {
        const sel = config.populations[name];
        if (!sel)
          throw new InputError(
            `population "${name}" is not defined`,
            { path: 'populations' },
            `add populations.${name} to the configuration`,
          );
        set = resolvePopulation(sel, estate, graph, people, now, rev);
        populations.set(name, set);
      }
      return set;
    },
    entitlementSet(name) {
      let pred = sets.get(name);
      if (!pred) {
        const sel = config.entitlementSets[name];
        if (!sel)
          throw new InputError(
            `entitlement set "${name}" is not defined`,
            { path: 'entitlementSets' },
            `add entitlementSets.${name} to the configuration`,
          );
        pred = entitlementPredicate(estate, graph, sel);
        sets.set(name, pred);
      }
      return pred;
    },
  };
}
