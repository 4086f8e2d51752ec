import type { People } from '../correlate/correlate.js';
import { buildAccessGraph, type AccessGraph } from '../engine/access-graph.js';
import { holdersOf, reverseGraph } from '../engine/reverse.js';
import type { Estate } from '../estate/estate.js';
import { accountNameIndex, resolveToolIdentities } from '../rules/tool-identities.js';

/**
 * The part of the estate a change can affect. The changed estate keeps every principal of the
 * original at the same index and appends new ones, so one index space serves both.
 */
export interface Region {
  /** Principal indexes (of the changed estate) to keep, ascending. */
  principals: number[];
  /** Person indexes (of the changed estate's roster) to keep, ascending. */
  persons: number[];
  /** Nodes whose access or attribution changed (size of the change, for the report). */
  seeds: number;
}

/** Nodes whose outgoing edges differ, in the changed graph's index space. */
function changedNodes(before: AccessGraph, after: AccessGraph): number[] {
  const shift = after.principalCount - before.principalCount;
  const map = (v: number): number => (v < before.principalCount ? v : v + shift);
  const seeds: number[] = [];
  for (let v = 0; v < before.nodeCount; v++) {
    const a0 = before.start[v]!, a1 = before.start[v + 1]!;
    const w = map(v);
    const b0 = after.start[w]!, b1 = after.start[w + 1]!;
    let same = a1 - a0 === b1 - b0;
    for (let k = 0; same && k < a1 - a0; k++) same = map(before.to[a0 + k]!) === after.to[b0 + k] && before.via[a0 + k] === after.via[b0 + k];
    if (!same) seeds.push(w);
  }
  for (let v = before.principalCount; v < after.principalCount; v++) seeds.push(v);
  for (let v = after.principalCount + before.roles.length; v < after.nodeCount; v++) seeds.push(v);
  return seeds;
}

/** Accounts whose attribution (person, ambiguity, unattributable) differs between the two correlations. */
function recorrelated(before: People, after: People, count: number): number[] {
  const amb = (p: People): Map<number, string> => new Map(p.ambiguous.map((a) => [a.account, a.candidates.map((c) => p.persons[c]!.id).join()]));
  const [ambB, ambA] = [amb(before), amb(after)];
  const [unB, unA] = [new Set(before.unattributable), new Set(after.unattributable)];
  const id = (p: People, a: number): string | undefined => (a < p.personOf.length && p.personOf[a]! >= 0 ? p.persons[p.personOf[a]!]!.id : undefined);
  const out: number[] = [];
  for (let a = 0; a < count; a++) {
    if (id(before, a) !== id(after, a) || ambB.get(a) !== ambA.get(a) || unB.has(a) !== unA.has(a)) out.push(a);
  }
  return out;
}

function forwardClosure(g: AccessGraph, from: Iterable<number>, into: Uint8Array, map: (v: number) => number): void {
  const seen = new Uint8Array(g.nodeCount);
  const queue: number[] = [];
  for (const v of from) if (v < g.principalCount && !seen[v]) (seen[v] = 1), queue.push(v);
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    if (v < g.principalCount) into[map(v)] = 1;
    for (let e = g.start[v]!; e < g.start[v + 1]!; e++) {
      const w = g.to[e]!;
      if (!seen[w]) (seen[w] = 1), queue.push(w);
    }
  }
}

/** Accounts a tool inventory names, and the principals owning them. */
function toolPrincipals(estate: Estate): number[] {
  if (estate.tools.length === 0) return [];
  const index = accountNameIndex(estate);
  const out: number[] = [];
  for (const t of estate.tools) {
    for (const id of resolveToolIdentities(estate, t, index)) {
      for (const a of id.accounts) {
        const acc = estate.principals[a]!;
        out.push(a);
        if (acc.kind !== 'account') continue;
        out.push(...(acc.ownerRefs ?? []));
        if (acc.appId) for (const app of estate.applications) if (app.source === acc.source && app.appId === acc.appId) out.push(...app.ownerRefs);
      }
    }
  }
  return out;
}

/**
 * Everything whose findings can differ between the two estates: nodes that reach a changed edge or
 * account, the persons owning those accounts with all their accounts, every tool with its identities
 * and their owners, and everything all of those hold (so effective zones and chains inside the region
 * are exactly those of the whole estate).
 */
export function affectedRegion(before: Estate, after: Estate, peopleBefore: People, peopleAfter: People, now: Date, planPerson?: string): Region {
  const gB = buildAccessGraph(before, now);
  const gA = buildAccessGraph(after, now);
  const P = before.principals.length;
  const shift = after.principals.length - P;
  const mapB = (v: number): number => (v < P ? v : v + shift);
  const unmap = (v: number): number => (v < P ? v : v >= after.principals.length ? v - shift : -1);

  const seeds = [...changedNodes(gB, gA), ...recorrelated(peopleBefore, peopleAfter, P)];
  const upA = holdersOf(reverseGraph(gA), seeds);
  const upB = holdersOf(reverseGraph(gB), seeds.map(unmap).filter((v) => v >= 0 && v < gB.nodeCount));
  const keep = new Uint8Array(after.principals.length);
  for (let v = 0; v < after.principals.length; v++) if (upA[v] || (v < P && upB[v])) keep[v] = 1;

  const personIds = new Set<string>();
  if (planPerson) personIds.add(planPerson.toLowerCase());
  const collectPersons = (): void => {
    for (const people of [peopleBefore, peopleAfter]) {
      for (let a = 0; a < keep.length && a < people.personOf.length; a++) {
        if (keep[a] && people.personOf[a]! >= 0) personIds.add(people.persons[people.personOf[a]!]!.id.toLowerCase());
      }
      for (const { account, candidates } of people.ambiguous) if (keep[account]) for (const c of candidates) personIds.add(people.persons[c]!.id.toLowerCase());
    }
  };
  for (const a of [...toolPrincipals(before), ...toolPrincipals(after)]) keep[a] = 1;
  collectPersons();
  // Every account of an affected person: the person is judged on all of them together.
  for (const people of [peopleBefore, peopleAfter]) {
    people.persons.forEach((p, i) => {
      if (personIds.has(p.id.toLowerCase())) for (const a of people.accountsOf[i]!) keep[a] = 1;
    });
  }
  const seeded = [...keep.keys()].filter((v) => keep[v]);
  forwardClosure(gA, seeded, keep, (v) => v);
  forwardClosure(gB, seeded.filter((v) => v < P), keep, mapB);
  collectPersons();
  // The first roster entry keeps the region in roster mode even when no affected account has a person.
  const persons = after.persons.map((_, i) => i).filter((i) => i === 0 || personIds.has(after.persons[i]!.id.toLowerCase()));
  return { principals: [...keep.keys()].filter((v) => keep[v]), persons, seeds: seeds.length };
}
