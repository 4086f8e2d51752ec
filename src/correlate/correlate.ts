import type { CorrelationConfig } from '../config/audit-config.js';
import type { AccountNode, Estate } from '../estate/estate.js';
import type { Person } from '../model/records.js';
import { globToRegExp } from '../engine/glob.js';
import { InputError } from '../util/errors.js';
import { normalizeAddress, normalizeKey } from './normalize.js';

export interface PersonView extends Person {
  /** False for persons synthesised from correlated accounts when there is no HR roster. */
  fromRoster: boolean;
}

export interface People {
  persons: PersonView[];
  /** principal index -> person index, or -1. */
  personOf: Int32Array;
  /** person index -> principal indexes of its accounts. */
  accountsOf: number[][];
  /** Human-looking accounts whose keys match several persons: attributed to none, reported. */
  ambiguous: { account: number; candidates: number[] }[];
  /** Enabled human-looking accounts that match no person (only with a roster). */
  unattributable: number[];
  /** 1 for service, shared or machine accounts (by type or name pattern). */
  nonHuman: Uint8Array;
}

type Key = string;
const MANY = -1;

function accountKeys(a: AccountNode, keys: CorrelationConfig['keys']): Key[] {
  const out: Key[] = [];
  for (const k of keys) {
    if (k === 'employeeId' && a.employeeId) out.push(`e:${normalizeKey(a.employeeId)}`);
    if (k === 'mail' && a.mail) out.push(`a:${normalizeAddress(a.mail)}`);
    if (k === 'upn' && a.upn) out.push(`a:${normalizeAddress(a.upn)}`);
    if (k === 'samAccountName') {
      const sam = a.samAccountName ?? a.onPremisesSamAccountName;
      if (sam) out.push(`s:${normalizeKey(sam)}`);
    }
  }
  return out;
}

function personKeys(p: Person, keys: CorrelationConfig['keys']): Key[] {
  const out: Key[] = [];
  if (keys.includes('employeeId') && p.employeeId) out.push(`e:${normalizeKey(p.employeeId)}`);
  if (keys.includes('mail') || keys.includes('upn')) {
    for (const addr of [p.email, p.upn]) if (addr) out.push(`a:${normalizeAddress(addr)}`);
  }
  const sam = p.attributes?.samAccountName;
  if (keys.includes('samAccountName') && sam) out.push(`s:${normalizeKey(sam)}`);
  return out;
}

export const isActiveAccount = (a: AccountNode, now: Date): boolean =>
  a.enabled && !(a.expiresAt && Date.parse(a.expiresAt) <= now.getTime());

/** Marks service, shared and machine accounts, which are not correlated by key. */
function nonHumanFlags(estate: Estate, cfg: CorrelationConfig): Uint8Array {
  const flags = new Uint8Array(estate.principals.length);
  const types = new Set<string>(cfg.nonHuman.types);
  const patterns = cfg.nonHuman.namePatterns.map(globToRegExp);
  estate.principals.forEach((p, i) => {
    if (p.kind !== 'account') return;
    const names = [p.name, p.samAccountName, p.upn].filter((x): x is string => !!x);
    if (types.has(p.type) || names.some((n) => patterns.some((r) => r.test(n)))) flags[i] = 1;
  });
  return flags;
}

/**
 * Correlates accounts to persons by configured keys and explicit mappings. With a roster, persons
 * are the roster's; without one, accounts sharing a key are joined into synthesised persons.
 */
export function correlate(estate: Estate, cfg: CorrelationConfig, now: Date): People {
  const P = estate.principals.length;
  const personOf = new Int32Array(P).fill(-1);
  const nonHuman = nonHumanFlags(estate, cfg);
  const mapped = applyMappings(estate, personOf);
  if (estate.persons.length === 0) return synthesise(estate, cfg, personOf, nonHuman, mapped);

  const persons: PersonView[] = estate.persons.map((p) => ({ ...p, fromRoster: true }));
  // key -> person index, or MANY when several persons share the key (kept in `shared`): no array per key.
  const byKey = new Map<Key, number>();
  const shared = new Map<Key, number[]>();
  persons.forEach((p, i) => {
    for (const k of personKeys(p, cfg.keys)) {
      const prev = byKey.get(k);
      if (prev === undefined) byKey.set(k, i);
      else if (prev === MANY) shared.get(k)!.includes(i) || shared.get(k)!.push(i);
      else if (prev !== i) {
        byKey.set(k, MANY);
        shared.set(k, [prev, i]);
      }
    }
  });
  const ambiguous: People['ambiguous'] = [];
  const unattributable: number[] = [];
  estate.principals.forEach((a, i) => {
    if (a.kind !== 'account' || mapped.has(i) || nonHuman[i]) return;
    let match = -1;
    let candidates: Set<number> | undefined;
    for (const k of accountKeys(a, cfg.keys)) {
      const hit = byKey.get(k);
      if (hit === undefined) continue;
      const hits = hit === MANY ? shared.get(k)! : [hit];
      for (const c of hits) {
        if (match === -1) match = c;
        else if (c !== match) (candidates ??= new Set([match])).add(c);
      }
    }
    if (candidates) ambiguous.push({ account: i, candidates: [...candidates].sort((x, y) => x - y) });
    else if (match >= 0) personOf[i] = match;
    else if (isActiveAccount(a, now)) unattributable.push(i);
  });
  return { persons, personOf, accountsOf: invert(personOf, persons.length), ambiguous, unattributable, nonHuman };
}

function applyMappings(estate: Estate, personOf: Int32Array): Set<number> {
  const mapped = new Set<number>();
  if (estate.mappings.length === 0) return mapped;
  const personIdx = new Map(estate.persons.map((p, i) => [normalizeKey(p.id), i]));
  const accountIdx = new Map<string, number>();
  estate.principals.forEach((p, i) => {
    if (p.kind !== 'account') return;
    for (const name of [p.id, p.upn, p.samAccountName, p.dn]) if (name) accountIdx.set(`${p.source}\0${normalizeKey(name)}`, i);
  });
  for (const m of estate.mappings) {
    const a = accountIdx.get(`${m.source}\0${normalizeKey(m.account)}`);
    const p = personIdx.get(normalizeKey(m.person));
    if (a === undefined) throw new InputError(`account mapping names account "${m.account}" which source "${m.source}" does not hold`, {}, 'fix the mapping file or collect that source');
    if (p === undefined) throw new InputError(`account mapping names person "${m.person}" who is not in the roster`, {}, 'fix the mapping file or the roster');
    personOf[a] = p;
    mapped.add(a);
  }
  return mapped;
}

function invert(personOf: Int32Array, n: number): number[][] {
  const out: number[][] = Array.from({ length: n }, () => []);
  personOf.forEach((p, i) => {
    if (p >= 0) out[p]!.push(i);
  });
  return out;
}

/** No roster: union-find over shared keys; each cluster of human accounts is one person. */
function synthesise(estate: Estate, cfg: CorrelationConfig, personOf: Int32Array, nonHuman: Uint8Array, mapped: Set<number>): People {
  const P = estate.principals.length;
  const parent = new Int32Array(P).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const firstWithKey = new Map<Key, number>();
  estate.principals.forEach((a, i) => {
    if (a.kind !== 'account' || nonHuman[i] || mapped.has(i)) return;
    for (const k of accountKeys(a, cfg.keys)) {
      const j = firstWithKey.get(k);
      if (j === undefined) firstWithKey.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const persons: PersonView[] = [];
  const personOfRoot = new Map<number, number>();
  estate.principals.forEach((a, i) => {
    if (a.kind !== 'account' || nonHuman[i] || mapped.has(i)) return;
    const root = find(i);
    let idx = personOfRoot.get(root);
    if (idx === undefined) {
      const r = estate.principals[root] as AccountNode;
      const id = r.employeeId ? `employee:${normalizeKey(r.employeeId)}` : `account:${r.source}:${r.id}`;
      idx = persons.push({ source: '(correlated)', id, name: r.name, status: 'active', fromRoster: false }) - 1;
      personOfRoot.set(root, idx);
    }
    personOf[i] = idx;
  });
  return { persons, personOf, accountsOf: invert(personOf, persons.length), ambiguous: [], unattributable: [], nonHuman };
}
