import { normalizeKey } from '../util/normalize.js';
import { sourceIdsOf, sourceRefReadings } from '../correlate/source-ref.js';
import { buildAccessGraph, type AccessGraph } from '../engine/access-graph.js';
import { holdersOf, reverseGraph } from '../engine/reverse.js';
import type { Estate } from '../estate/estate.js';
import type { AppliedPlan } from './apply-plan.js';

/**
 * The part of the estate a change can affect. The changed estate keeps every principal of the
 * original at the same index and appends new ones, so one index space serves both.
 */
export interface Region {
  /** Principal indexes (of the changed estate) to keep, ascending. */
  principals: number[];
  /** Person indexes (of the changed estate's roster) to keep, ascending. */
  persons: number[];
  /** Nodes whose holdings or attribution the plan changes directly. */
  seeds: number;
}

/**
 * Accounts named by any tool's identities, and their owners. A targeted scan instead of a full name
 * index: only names as long as some reference are normalised (plain ASCII keeps its length).
 */
export function toolPrincipals(estate: Estate): number[] {
  const ids = sourceIdsOf(estate);
  const refs = new Set(
    estate.tools.flatMap((t) => t.identities.flatMap((i) => sourceRefReadings(i.ref, ids, i.source).map((r) => normalizeKey(r.name)))),
  );
  if (refs.size === 0) return [];
  const lengths = new Set([...refs].map((r) => r.length));
  const out: number[] = [];
  estate.principals.forEach((p, a) => {
    if (p.kind !== 'account') return;
    const names = [p.id, p.appId, p.upn, p.samAccountName, p.dn, p.name];
    if (!names.some((n) => n !== undefined && (lengths.has(n.length) || !/^[!-~]*$/.test(n)) && refs.has(normalizeKey(n)))) return;
    out.push(a, ...(p.ownerRefs ?? []));
    // appId is globally unique: the application may be registered in another collected tenant.
    if (p.appId) for (const app of estate.applications) if (app.appId === p.appId) out.push(...app.ownerRefs);
  });
  return out;
}

/** Marks everything `from` holds, following the original graph plus the plan's new edges. */
function forwardClosure(g: AccessGraph, extra: Map<number, number[]>, from: number[], keep: Uint8Array, P: number, shift: number): void {
  // Graph nodes: original principals [0, P), new principals [P, P + shift), roles after (not kept: derived).
  const seen = new Uint8Array(g.nodeCount + shift);
  const queue: number[] = [];
  const visit = (v: number): void => {
    if (!seen[v]) {
      seen[v] = 1;
      queue.push(v);
    }
  };
  from.forEach(visit);
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    if (v < P + shift) keep[v] = 1;
    for (const w of extra.get(v) ?? []) visit(w);
    if (v >= P && v < P + shift) continue;
    const gv = v < P ? v : v - shift;
    for (let e = g.start[gv]!; e < g.start[gv + 1]!; e++) {
      const w = g.to[e]!;
      visit(w < P ? w : w + shift);
    }
  }
}

/**
 * Everything whose findings can differ between the two estates: nodes that hold a node whose
 * holdings the plan changes (found upward in the original graph: new edges start at changed nodes,
 * so nothing else reaches them), accounts whose attribution changes, the persons owning all of those
 * with all their accounts, every tool with its identities and their owners, and everything all of
 * those hold (so effective zones and chains inside the region are those of the whole estate).
 */
export function affectedRegion(before: Estate, applied: AppliedPlan, now: Date, planPerson?: string): Region {
  const after = applied.estate;
  const who = applied.attribution;
  const P = before.principals.length;
  const shift = after.principals.length - P;
  const g = buildAccessGraph(before, now);

  const fresh = Array.from({ length: shift }, (_, k) => P + k);
  const planPersonIdx = planPerson === undefined ? -1 : who.personIndex(planPerson);
  // Accounts the plan's person could claim (attributed or made ambiguous) may change attribution.
  const reattributed = planPersonIdx >= 0 ? [...who.accountsOf([planPersonIdx])] : [];
  const seeds = [...applied.touched, ...fresh, ...reattributed];
  const keep = new Uint8Array(after.principals.length);
  const up = holdersOf(
    reverseGraph(g),
    seeds.filter((v) => v < P),
  );
  for (let v = 0; v < P; v++) if (up[v]) keep[v] = 1;
  for (const v of seeds) keep[v] = 1;
  for (const a of toolPrincipals(after)) keep[a] = 1;

  const personIdx = new Set<number>();
  if (planPersonIdx >= 0) personIdx.add(planPersonIdx);
  const kept = (): number[] => [...keep.keys()].filter((v) => keep[v]);
  const collectPersons = (): void => {
    for (const p of who.personsOf(kept())) personIdx.add(p);
  };
  collectPersons();
  // Every account of an affected person (judged on all of them together), including those that
  // could be another person's too (ambiguous).
  for (const a of who.accountsOf(personIdx)) keep[a] = 1;

  const extra = new Map<number, number[]>();
  const addEdge = (from: number, to: number): void => void extra.set(from, [...(extra.get(from) ?? []), to]);
  for (const [m, grp] of applied.added) addEdge(m, grp);
  for (const v of fresh) {
    const p = after.principals.at(v);
    if (p.kind === 'account' && p.sid) {
      const sid = p.sid.toUpperCase();
      after.principals.forEach((f, i) => {
        if (f.kind === 'foreign' && f.source !== p.source && f.sid?.toUpperCase() === sid) addEdge(v, i);
      });
    }
    if (p.kind === 'foreign' && p.sid) {
      const sid = p.sid.toUpperCase();
      after.principals.forEach((t, i) => {
        if (t.kind !== 'foreign' && t.source !== p.source && t.sid?.toUpperCase() === sid) {
          addEdge(i, v);
          keep[i] = 1;
        }
      });
    }
  }
  forwardClosure(g, extra, kept(), keep, P, shift);
  // Record-based rules (CIP reconciliation both ways, privilege catalogue, shared-account inventory)
  // judge whole populations of in-scope groups and accounts: with records, the region is the estate.
  if (after.records.length > 0) keep.fill(1);
  collectPersons();
  // Record sets (authorisations, training, shared-account inventories) name persons that a finding
  // about an affected subject may depend on: with records, the whole roster is kept. Otherwise the
  // affected persons, and the first roster entry so the region stays in roster mode.
  const persons = after.persons.map((_, i) => i).filter((i) => after.records.length > 0 || i === 0 || personIdx.has(i));
  return { principals: kept(), persons, seeds: seeds.length };
}
