import { normalizeKey } from '../util/normalize.js';
import type { AccountNode, Estate } from '../estate/estate.js';
import type { AppliedPlan } from './apply-plan.js';
import { EstateEdges } from './edges.js';
import type { EstateOverlay } from './overlay.js';
import { scanHotStrings } from './principal-refs.js';
import { TOOL_NAMES, toolNameKeys } from './tool-names.js';

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
 * Accounts named by any tool's identities, and their owners. A targeted scan of the tables instead of
 * a name index (plain ASCII names compared on the tables' bytes), unless `found` holds the estate's
 * accounts the tools name already (a scan made with the plan's references, see toolNameSearch).
 */
export function toolPrincipals(o: EstateOverlay, found?: ReadonlySet<number>): number[] {
  const refs = toolNameKeys(o.base, o.tools);
  if (refs.size === 0) return [];
  const hits = new Set<number>(found);
  if (!found) scanHotStrings(o.base.principals, TOOL_NAMES, refs, (a) => hits.add(a), true);
  o.added.forEach((p, k) => {
    if (p.kind !== 'account') return;
    if ([p.id, p.appId, p.upn, p.samAccountName, p.dn, p.name].some((n) => n !== undefined && refs.has(normalizeKey(n)))) hits.add(o.P + k);
  });
  const out: number[] = [];
  for (const a of hits) {
    const p = o.node(a) as AccountNode;
    out.push(a, ...(p.ownerRefs ?? []));
    // appId is globally unique: the application may be registered in another collected tenant.
    if (p.appId) for (const app of o.applications) if (app.appId === p.appId) out.push(...app.ownerRefs);
  }
  return out;
}

/** The region being collected: a mark per principal and the list of those marked, so nothing rescans the marks. */
class Marks {
  readonly on: Uint8Array;
  readonly list: number[] = [];
  constructor(n: number) {
    this.on = new Uint8Array(n);
  }
  add(v: number): void {
    if (!this.on[v]) {
      this.on[v] = 1;
      this.list.push(v);
    }
  }
  sorted(): number[] {
    return this.list.slice().sort((a, b) => a - b);
  }
}

/** Marks `from` and every principal they hold, following the estate's edges plus the plan's new ones. */
function forwardClosure(edges: EstateEdges, extra: Map<number, number[]>, from: readonly number[], keep: Marks): void {
  const seen = new Uint8Array(keep.on.length);
  const queue: number[] = [];
  const visit = (v: number): void => {
    if (!seen[v]) {
      seen[v] = 1;
      keep.add(v);
      queue.push(v);
    }
  };
  for (const v of from) visit(v);
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (const w of extra.get(v) ?? []) visit(w);
    for (const w of edges.held(v)) visit(w);
  }
}

/** Every principal of the estate that holds one of `seeds`, directly or through nesting (seeds included). */
function holdersClosure(edges: EstateEdges, seeds: Iterable<number>, keep: Marks): void {
  const seen = new Uint8Array(keep.on.length);
  const queue: number[] = [];
  const visit = (v: number): void => {
    if (!seen[v]) {
      seen[v] = 1;
      keep.add(v);
      queue.push(v);
    }
  };
  for (const v of seeds) visit(v);
  for (let q = 0; q < queue.length; q++) for (const list of edges.holders(queue[q]!)) for (let k = 0; k < list.length; k++) visit(list[k]!);
}

/**
 * Everything whose findings can differ between the two estates: nodes that hold a node whose
 * holdings the plan changes (found upward: new edges start at changed nodes, so nothing else reaches
 * them), accounts whose attribution changes, the persons owning all of those with all their accounts,
 * every tool with its identities and their owners, and everything all of those hold (so effective
 * zones and chains inside the region are those of the whole estate). Walked from the plan's nodes over
 * the estate's own tables (see edges.ts), so it costs the region's size plus one pass over the member
 * lists, not a graph of the whole estate.
 */
export function affectedRegion(before: Estate, applied: AppliedPlan, _now?: Date, planPerson?: string): Region {
  const o = applied.overlay;
  const who = applied.attribution;
  const P = before.principals.length;
  const edges = new EstateEdges(o);

  const fresh = o.added.map((_, k) => P + k);
  const planPersonIdx = planPerson === undefined ? -1 : who.personIndex(planPerson);
  // Accounts the plan's person could claim (attributed or made ambiguous) may change attribution.
  const reattributed = planPersonIdx >= 0 ? [...who.accountsOf([planPersonIdx])] : [];
  const seeds = [...applied.touched, ...fresh, ...reattributed];
  const keep = new Marks(o.principalCount);
  holdersClosure(
    edges,
    seeds.filter((v) => v < P),
    keep,
  );
  for (const v of seeds) keep.add(v);
  for (const a of toolPrincipals(o, applied.toolAccounts)) keep.add(a);

  const personIdx = new Set<number>();
  if (planPersonIdx >= 0) personIdx.add(planPersonIdx);
  const collectPersons = (): void => {
    for (const p of who.personsOf(keep.list)) personIdx.add(p);
  };
  collectPersons();
  // Every account of an affected person (judged on all of them together), including those that
  // could be another person's too (ambiguous).
  for (const a of who.accountsOf(personIdx)) keep.add(a);

  const extra = new Map<number, number[]>();
  const addEdge = (from: number, to: number): void => void extra.set(from, [...(extra.get(from) ?? []), to]);
  for (const [m, grp] of applied.added) addEdge(m, grp);
  // A new foreign principal stands for the accounts and groups of other sources with its SID.
  for (const v of fresh) {
    const p = o.node(v);
    if (p.kind !== 'foreign' || !p.sid) continue;
    for (const t of edges.withSid(p.sid.toUpperCase())) if (o.source(t) !== p.source) keep.add(t);
  }
  forwardClosure(edges, extra, keep.list.slice(), keep);
  // Record-based rules (CIP reconciliation both ways, privilege catalogue, shared-account inventory)
  // judge whole populations of in-scope groups and accounts: with records, the region is the estate.
  const records = before.records.length > 0;
  if (records) for (let v = 0; v < o.principalCount; v++) keep.add(v);
  collectPersons();
  // Record sets (authorisations, training, shared-account inventories) name persons that a finding
  // about an affected subject may depend on: with records, the whole roster is kept. Otherwise the
  // affected persons, and the first roster entry so the region stays in roster mode.
  const persons = records
    ? Array.from({ length: o.personCount }, (_, i) => i)
    : o.personCount === 0
      ? []
      : [...new Set([0, ...personIdx])].sort((a, b) => a - b);
  return { principals: keep.sorted(), persons, seeds: seeds.length };
}
