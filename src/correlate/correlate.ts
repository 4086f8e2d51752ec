import type { CorrelationConfig } from '../config/audit-config.js';
import type { AccountNode, Estate } from '../estate/estate.js';
import type { Principals } from '../estate/principals.js';
import { Persons } from '../estate/persons.js';
import { globToRegExp } from '../util/glob.js';
import { InputError } from '../util/errors.js';
import type { AccountMapping } from '../model/records.js';
import { normalizeAddress, normalizeKey } from '../util/normalize.js';
import { directoryLinks } from './directory-links.js';
import { RosterKeys } from './roster-keys.js';
import { resolveSourceRef, sourceIdsOf } from './source-ref.js';

export interface People {
  /** The roster's persons, or persons synthesised from correlated accounts when there is no roster. */
  persons: Persons;
  /** True when `persons` is the HR roster (false when synthesised). */
  fromRoster: boolean;
  /** principal index -> person index, or -1. */
  personOf: Int32Array;
  /** person index -> principal indexes of its accounts. */
  accountsOf: AccountLists;
  /** Human-looking accounts whose keys match several persons: attributed to none, reported. */
  ambiguous: { account: number; candidates: number[] }[];
  /** Enabled human-looking accounts that match no person (only with a roster). */
  unattributable: number[];
  /** 1 for service, shared or machine accounts (by type or name pattern). */
  nonHuman: Uint8Array;
  /**
   * Mapping rows naming an account of a source that was not collected completely: the account may
   * simply be missing from what was read, so the row is reported as unresolved rather than an input error.
   */
  unresolvedMappings: UnresolvedMapping[];
}

export interface UnresolvedMapping {
  source: string;
  account: string;
  person: string;
  reason: string;
}

/**
 * Correlation keys come in three kinds, each with its own map, so a key is the normalised value
 * itself (no prefixed copy per account): employee id, address (mail or UPN), sAMAccountName.
 */
const EMPLOYEE = 0;
const ADDRESS = 1;
const SAM = 2;
type KeyMaps = [Map<string, number>, Map<string, number>, Map<string, number>];

/** Calls `fn(kind, key)` for each configured key of account i. */
function eachAccountKey(ps: Principals, i: number, keys: CorrelationConfig['keys'], each: (kind: number, key: string) => void): void {
  // A value of only white space normalises to nothing and joins no accounts.
  const fn = (kind: number, key: string): void => {
    if (key !== '') each(kind, key);
  };
  for (const k of keys) {
    if (k === 'employeeId') {
      const v = ps.lowerStr(i, 'employeeId');
      if (v) fn(EMPLOYEE, normalizeKey(v));
    } else if (k === 'mail' || k === 'upn') {
      const v = ps.lowerStr(i, k);
      if (v) fn(ADDRESS, normalizeAddress(v));
    } else if (k === 'samAccountName') {
      const v = ps.lowerStr(i, 'samAccountName') ?? ps.lowerStr(i, 'onPremisesSamAccountName');
      if (v) fn(SAM, normalizeKey(v));
    }
  }
}

export const isActiveAccount = (a: AccountNode, now: Date): boolean =>
  a.enabled && !(a.expiresAt && Date.parse(a.expiresAt) <= now.getTime());

/** Marks service, shared and machine accounts, which are not correlated by key. */
function nonHumanFlags(ps: Principals, cfg: CorrelationConfig): Uint8Array {
  const flags = new Uint8Array(ps.length);
  const types = new Set<string>(cfg.nonHuman.types);
  const patterns = cfg.nonHuman.namePatterns.map(globToRegExp);
  const named = (v: string | undefined): boolean => !!v && patterns.some((r) => r.test(v));
  for (let i = 0; i < ps.length; i++) {
    if (!ps.isAccount(i)) continue;
    if (types.has(ps.accountType(i))) flags[i] = 1;
    else if (patterns.length > 0 && (named(ps.str(i, 'name')) || named(ps.str(i, 'samAccountName')) || named(ps.str(i, 'upn'))))
      flags[i] = 1;
  }
  return flags;
}

/**
 * Correlates accounts to persons by configured keys and explicit mappings. With a roster, persons
 * are the roster's; without one, accounts sharing a key are joined into synthesised persons.
 */
export function correlate(estate: Estate, cfg: CorrelationConfig, now: Date): People {
  const ps = estate.principals;
  const P = ps.length;
  const personOf = new Int32Array(P).fill(-1);
  const nonHuman = nonHumanFlags(ps, cfg);
  const links = directoryLinks(ps);
  // A synced copy of a service account is the service account.
  for (const [a, b] of links) if (nonHuman[a] || nonHuman[b]) nonHuman[a] = nonHuman[b] = 1;
  const unresolvedMappings: UnresolvedMapping[] = [];
  const mapped = applyMappings(estate, personOf, unresolvedMappings);
  if (estate.persons.length === 0) return { ...synthesise(estate, cfg, personOf, nonHuman, mapped, links), unresolvedMappings };

  const persons = estate.persons;
  const keys = new RosterKeys(persons, cfg.keys);
  const ambiguousOf = new Map<number, number[]>();
  const nowMs = now.getTime();
  let match = -1;
  let candidates: Set<number> | undefined;
  const hit = (c: number): void => {
    if (match === -1) match = c;
    else if (c !== match) (candidates ??= new Set([match])).add(c);
  };
  for (let i = 0; i < P; i++) {
    if (!ps.isAccount(i) || mapped.has(i) || nonHuman[i]) continue;
    match = -1;
    candidates = undefined;
    keys.matchAccount(ps, i, cfg.keys, hit);
    if (candidates)
      ambiguousOf.set(
        i,
        [...(candidates as Set<number>)].sort((x, y) => x - y),
      );
    else if (match >= 0) personOf[i] = match;
  }
  if (links.length > 0) joinLinked(links, personOf, ambiguousOf, mapped, nonHuman);
  const ambiguous: People['ambiguous'] = [...ambiguousOf].sort((x, y) => x[0] - y[0]).map(([account, c]) => ({ account, candidates: c }));
  const unattributable: number[] = [];
  for (let i = 0; i < P; i++)
    if (ps.isAccount(i) && !nonHuman[i] && personOf[i] === -1 && !ambiguousOf.has(i) && ps.isActive(i, nowMs)) unattributable.push(i);
  return {
    persons,
    fromRoster: true,
    personOf,
    accountsOf: invert(personOf, persons.length),
    ambiguous,
    unattributable,
    nonHuman,
    unresolvedMappings,
  };
}

/**
 * Accounts the directories link (a synced Entra user and its AD account) are one account: what
 * identifies either identifies both. An explicit mapping of one decides for all; otherwise the
 * persons their keys match are pooled, one person attributes them all, two make them all ambiguous.
 */
function joinLinked(
  links: [number, number][],
  personOf: Int32Array,
  ambiguousOf: Map<number, number[]>,
  mapped: Set<number>,
  nonHuman: Uint8Array,
): void {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const [a, b] of links) {
    if (nonHuman[a] || nonHuman[b]) continue;
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    parent.set(find(a), find(b));
  }
  const groups = new Map<number, number[]>();
  for (const x of parent.keys()) {
    const r = find(x);
    const g = groups.get(r);
    if (g) g.push(x);
    else groups.set(r, [x]);
  }
  for (const members of groups.values()) {
    const byMapping = new Set(members.filter((m) => mapped.has(m)).map((m) => personOf[m]!));
    if (byMapping.size === 1) {
      const p = [...byMapping][0]!;
      for (const m of members)
        if (!mapped.has(m)) {
          personOf[m] = p;
          ambiguousOf.delete(m);
        }
      continue;
    }
    if (byMapping.size > 1) continue;
    const found = new Set<number>();
    for (const m of members) {
      if (personOf[m]! >= 0) found.add(personOf[m]!);
      for (const c of ambiguousOf.get(m) ?? []) found.add(c);
    }
    if (found.size === 0) continue;
    const list = [...found].sort((x, y) => x - y);
    for (const m of members) {
      if (list.length === 1) {
        personOf[m] = list[0]!;
        ambiguousOf.delete(m);
      } else {
        personOf[m] = -1;
        ambiguousOf.set(m, list);
      }
    }
  }
}

function applyMappings(estate: Estate, personOf: Int32Array, unresolved: UnresolvedMapping[]): Set<number> {
  const mapped = new Set<number>();
  if (estate.mappings.length === 0) return mapped;
  const ps = estate.principals;
  const personIdx = new Map<string, number>();
  for (let i = 0; i < estate.persons.length; i++) personIdx.set(normalizeKey(estate.persons.str(i, 'id')!), i);
  // Accounts by (source, name) and by name alone, for mappings whose account cell carries no source.
  const accountIdx = new Map<string, number[]>();
  for (let i = 0; i < ps.length; i++) {
    if (!ps.isAccount(i)) continue;
    for (const f of ['id', 'upn', 'samAccountName', 'dn'] as const) {
      const name = ps.str(i, f);
      if (!name) continue;
      for (const k of [`${ps.source(i)}\0${normalizeKey(name)}`, `\0${normalizeKey(name)}`]) {
        const list = accountIdx.get(k);
        if (!list) accountIdx.set(k, [i]);
        else if (!list.includes(i)) list.push(i);
      }
    }
  }
  const ids = sourceIdsOf(estate);
  const where = (m: AccountMapping): { file?: string; line?: number } => {
    if (!m.record) return {};
    const file = estate.sources.find((s) => s.id === m.record!.source)?.origin.file ?? `source ${m.record.source}`;
    return { file, line: m.record.row };
  };
  const incomplete = new Set(estate.sources.filter((s) => !s.complete).map((s) => s.id));
  for (const m of estate.mappings) {
    const { ref, hits } = resolveSourceRef(
      m.account,
      ids,
      m.source,
      (r) => accountIdx.get(`${r.source ?? ''}\0${normalizeKey(r.name)}`) ?? [],
    );
    const p = personIdx.get(normalizeKey(m.person));
    // An account of a source that could not be read completely may simply not have been read: the row is
    // reported unresolved and the run is incomplete, never an input error.
    if (hits.length === 0 && (ref.source ? incomplete.has(ref.source) : incomplete.size > 0)) {
      const source = ref.source ?? [...incomplete].join(', ');
      unresolved.push({
        source,
        account: ref.name,
        person: m.person,
        reason: `source "${source}" is incomplete: the account may not have been read`,
      });
      continue;
    }
    if (hits.length === 0)
      throw new InputError(
        ref.source
          ? `account mapping names account "${ref.name}" which source "${ref.source}" does not hold`
          : `account mapping names account "${ref.name}" without a source, and no collected source holds it`,
        where(m),
        'write the account as source:name or fill the source column; fix the mapping file or collect that source',
      );
    if (hits.length > 1)
      throw new InputError(
        `account mapping names account "${ref.name}"${ref.source ? ` in ${ref.source}` : ' without a source'}, which fits ${hits.length} accounts`,
        where(m),
        'write the account as source:name or fill the source column',
      );
    if (p === undefined)
      throw new InputError(
        `account mapping names person "${m.person}" who is not in the roster`,
        where(m),
        'fix the mapping file or the roster',
      );
    personOf[hits[0]!] = p;
    mapped.add(hits[0]!);
  }
  return mapped;
}

/**
 * Each person's accounts, as one compressed list (offsets into one integer array) rather than an array
 * per person: for a large roster, hundreds of thousands of small arrays are mostly garbage-collector work.
 */
export class AccountLists {
  readonly start: Int32Array;
  readonly items: Int32Array;
  constructor(personOf: Int32Array, n: number) {
    this.start = new Int32Array(n + 1);
    for (const p of personOf) if (p >= 0) this.start[p + 1]!++;
    for (let p = 0; p < n; p++) this.start[p + 1]! += this.start[p]!;
    const fill = this.start.slice(0, n);
    this.items = new Int32Array(this.start[n]!);
    personOf.forEach((p, i) => {
      if (p >= 0) this.items[fill[p]!++] = i;
    });
  }
  /** The accounts of person p, ascending. */
  of(p: number): number[] {
    return Array.from(this.items.subarray(this.start[p], this.start[p + 1]));
  }
}

const invert = (personOf: Int32Array, n: number): AccountLists => new AccountLists(personOf, n);

/** No roster: union-find over shared keys; each cluster of human accounts is one person. */
function synthesise(
  estate: Estate,
  cfg: CorrelationConfig,
  personOf: Int32Array,
  nonHuman: Uint8Array,
  mapped: Set<number>,
  links: [number, number][],
): Omit<People, 'unresolvedMappings'> {
  const ps = estate.principals;
  const P = ps.length;
  const parent = new Int32Array(P).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const firstWithKey: KeyMaps = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  const human = (i: number): boolean => ps.isAccount(i) && !nonHuman[i] && !mapped.has(i);
  for (const [a, b] of links) if (human(a) && human(b)) parent[find(a)] = find(b);
  for (let i = 0; i < P; i++) {
    if (!human(i)) continue;
    eachAccountKey(ps, i, cfg.keys, (kind, k) => {
      const j = firstWithKey[kind]!.get(k);
      if (j === undefined) firstWithKey[kind]!.set(k, i);
      else parent[find(i)] = find(j);
    });
  }
  const persons = new Persons();
  const personOfRoot = new Map<number, number>();
  for (let i = 0; i < P; i++) {
    if (!human(i)) continue;
    const root = find(i);
    let idx = personOfRoot.get(root);
    if (idx === undefined) {
      const employeeId = normalizeKey(ps.str(root, 'employeeId') ?? '');
      const id = employeeId ? `employee:${employeeId}` : `account:${ps.source(root)}:${ps.str(root, 'id')}`;
      idx = persons.push({ source: '(correlated)', id, name: ps.str(root, 'name')!, status: 'active' });
      personOfRoot.set(root, idx);
    }
    personOf[i] = idx;
  }
  return {
    persons,
    fromRoster: false,
    personOf,
    accountsOf: invert(personOf, persons.length),
    ambiguous: [],
    unattributable: [],
    nonHuman,
  };
}
