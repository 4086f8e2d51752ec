import { normalizeKey } from '../../util/normalize.js';
import { resolveSourceRef, sourceIdsOf, type SourceRef } from '../../correlate/source-ref.js';
import type { RuleContext } from '../../engine/context.js';
import type { AuthorizationValues } from '../../model/cip-records.js';
import { recordsOf, type CipRecord } from './records.js';
import { reachable } from './scope.js';

export interface ResolvedAuthorization {
  record: CipRecord<AuthorizationValues>;
  person: number | undefined;
  /** Group and role nodes the record's entitlement names. */
  nodes: number[];
  /** How the record's entitlement was read (`source:name` or name and source column). */
  ref: SourceRef;
}

/** Finds the groups and roles an authorisation names: by name (or id, DN, SID), within its source when given. */
export function entitlementFinder(ctx: RuleContext): (name: string, source?: string) => number[] {
  const index = new Map<string, number[]>();
  const add = (k: string, v: number): void => {
    const list = index.get(k);
    if (!list) index.set(k, [v]);
    else if (!list.includes(v)) list.push(v);
  };
  for (let v = 0; v < ctx.graph.nodeCount; v++) {
    if (v >= ctx.graph.principalCount) {
      const r = ctx.graph.roles[v - ctx.graph.principalCount]!;
      for (const n of [r.name, r.roleId]) add(normalizeKey(n), v);
      continue;
    }
    const p = ctx.estate.principals.at(v);
    if (p.kind !== 'group') continue;
    for (const n of [p.name, p.id, p.dn, p.sid]) if (n) add(normalizeKey(n), v);
  }
  const sourceOf = (v: number): string =>
    v >= ctx.graph.principalCount ? ctx.graph.roles[v - ctx.graph.principalCount]!.source : ctx.estate.principals.at(v).source;
  return (name, source) => (index.get(normalizeKey(name)) ?? []).filter((v) => source === undefined || sourceOf(v) === source);
}

export function resolveAuthorizations(ctx: RuleContext, personOf: (ref: string) => number | undefined): ResolvedAuthorization[] {
  const find = entitlementFinder(ctx);
  const ids = sourceIdsOf(ctx.estate);
  return recordsOf(ctx.estate, 'authorizations').map((record) => {
    const { ref, hits } = resolveSourceRef(record.value.entitlement, ids, record.value.source, (r) => find(r.name, r.source));
    return { record, person: personOf(record.value.person), nodes: hits, ref };
  });
}

const indexes = new WeakMap<readonly ResolvedAuthorization[], Map<number, ResolvedAuthorization[]>>();

/** Authorisations by person, built once per list (a run checks many holdings against one list). */
function byPerson(auths: readonly ResolvedAuthorization[]): Map<number, ResolvedAuthorization[]> {
  let m = indexes.get(auths);
  if (!m) {
    m = new Map();
    for (const a of auths) {
      if (a.person === undefined) continue;
      const list = m.get(a.person);
      if (list) list.push(a);
      else m.set(a.person, [a]);
    }
    indexes.set(auths, m);
  }
  return m;
}

/**
 * Which authorisation covers an account's hold on an in-scope entitlement: one naming that
 * entitlement, or a group the account holds that nests into it. `since` keeps only records dated on
 * or after a time (authorisations confirmed after a transfer).
 */
export function coveringAuthorization(
  ctx: RuleContext,
  auths: readonly ResolvedAuthorization[],
  person: number,
  accountReach: Set<number>,
  target: number,
  since?: string,
): ResolvedAuthorization | undefined {
  for (const a of byPerson(auths).get(person) ?? []) {
    if (since && Date.parse(a.record.value.date) < Date.parse(since)) continue;
    for (const y of a.nodes) if (accountReach.has(y) && (y === target || reachable(ctx, y).has(target))) return a;
  }
  return undefined;
}
