import type { CorrelationConfig } from '../config/audit-config.js';
import type { People } from '../correlate/correlate.js';
import { normalizeAddress, normalizeKey } from '../util/normalize.js';
import { globToRegExp } from '../util/glob.js';
import type { AccountNode } from '../estate/estate.js';
import type { AccountMapping } from '../model/records.js';
import type { EstateOverlay } from './overlay.js';
import { WantedKeys } from '../estate/raw-table.js';

/**
 * Who an account may belong to, as much as the what-if needs: for the region, a superset of the
 * correlation (every person an account could be attributed to, ambiguity included, and every account
 * that could be a person's); for resolving "the person's account", the exact answer.
 */
export interface Attribution {
  /** Person indexes (of the estate's roster) that accounts could be attributed to. */
  personsOf(accounts: Iterable<number>): Set<number>;
  /** Accounts that could be attributed to these persons. */
  accountsOf(persons: Iterable<number>): Set<number>;
  /** The accounts correlation attributes to exactly this person. */
  exactAccountsOf(person: number): number[];
  /** Person ids by index. */
  personId(person: number): string;
  personIndex(id: string): number;
}

/** From a full correlation (used when there is no roster and persons are synthesised from accounts). */
export function peopleAttribution(people: People): Attribution {
  const ambiguousOf = new Map(people.ambiguous.map((a) => [a.account, a.candidates]));
  return {
    personsOf(accounts) {
      const out = new Set<number>();
      for (const a of accounts) {
        if (a < people.personOf.length && people.personOf[a]! >= 0) out.add(people.personOf[a]!);
        for (const c of ambiguousOf.get(a) ?? []) out.add(c);
      }
      return out;
    },
    accountsOf(persons) {
      const set = new Set(persons);
      const out = new Set<number>();
      for (const p of set) for (const a of people.accountsOf.of(p)) out.add(a);
      for (const [a, cs] of ambiguousOf) if (cs.some((c) => set.has(c))) out.add(a);
      return out;
    },
    exactAccountsOf: (p) => people.accountsOf.of(p).slice(),
    personId: (p) => people.persons.at(p).id,
    personIndex: (id) => people.persons.findIndex((p) => p.id.toLowerCase() === id.toLowerCase()),
  };
}

const PLAIN = /^[!-~]*$/;

/** The part of a record table the key scans read: hot strings, in place. */
interface HotTable<F extends string> {
  readonly length: number;
  plainLength(i: number, field: F): number;
  lowerStr(i: number, field: F): string | undefined;
  matchKey(i: number, field: F, wanted: WantedKeys): string | undefined;
}

/**
 * Matches values against normalised, prefixed keys without normalising every value of the estate: a
 * plain ASCII value is compared on the table's bytes (RawTable.matchKey); an address is decoded only
 * when its length allows a match (normalising keeps a plain ASCII value's length). An address can
 * also shorten (a B2B guest's `local_home#EXT#@tenant` is `local@home`), by at least seven characters,
 * so long enough plain addresses are still read.
 */
function matcher(keys: ReadonlySet<string>): {
  value: (prefix: string, v: string | undefined, address: boolean) => string | undefined;
  field: <F extends string>(t: HotTable<F>, i: number, f: F, prefix: string, address: boolean) => string | undefined;
} {
  const lengths = new Set([...keys].map((k) => k.length - 2));
  const min = Math.min(...lengths);
  const value = (prefix: string, v: string | undefined, address: boolean): string | undefined => {
    if (!v) return undefined;
    if (PLAIN.test(v) && !(address && v.includes('#')) && !lengths.has(v.length)) return undefined;
    const k = prefix + (address ? normalizeAddress(v) : normalizeKey(v));
    return keys.has(k) ? k : undefined;
  };
  // Keys of one prefix without it, for comparing a plain ASCII value on the table's bytes.
  const byPrefix = new Map<string, WantedKeys>();
  const unprefixed = (prefix: string): WantedKeys => {
    let w = byPrefix.get(prefix);
    if (!w) {
      w = new WantedKeys(new Set([...keys].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))));
      byPrefix.set(prefix, w);
    }
    return w;
  };
  const field = <F extends string>(t: HotTable<F>, i: number, f: F, prefix: string, address: boolean): string | undefined => {
    if (!address) {
      const k = t.matchKey(i, f, unprefixed(prefix));
      return k === undefined ? undefined : prefix + k;
    }
    const len = t.plainLength(i, f);
    if (len === -2 || (len >= 0 && !lengths.has(len) && !(address && len >= min + 7))) return undefined;
    return value(prefix, t.lowerStr(i, f), address);
  };
  return { value, field };
}

/** Keys without their two-character prefix (`e:`, `a:`, `s:`, `n:`), as the tables hold the values. */
const unprefixedKeys = (keys: Iterable<string>): string[] => [...keys].map((k) => k.slice(2));

/** The account fields the correlation keys read (see accountKeys). */
const ACCOUNT_KEY_FIELDS = ['employeeId', 'mail', 'upn', 'samAccountName', 'onPremisesSamAccountName'] as const;

const listPush = <K>(m: Map<K, number[]>, k: K, v: number): void => {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
};

/**
 * With an HR roster: the same keys as the correlation (src/correlate/correlate.ts: employeeId, mail,
 * UPN, sAMAccountName, explicit mappings), looked up by scanning the estate's tables in place for the
 * keys asked about only (no record is built for a row that cannot match), plus the plan's new records.
 */
export function keyAttribution(o: EstateOverlay, cfg: CorrelationConfig): Attribution {
  const ps = o.base.principals;
  const roster = o.base.persons;
  const on = new Set(cfg.keys);
  const accountKeys = (a: AccountNode): string[] => {
    const out: string[] = [];
    if (on.has('employeeId') && a.employeeId) out.push(`e:${normalizeKey(a.employeeId)}`);
    if (on.has('mail') && a.mail) out.push(`a:${normalizeAddress(a.mail)}`);
    if (on.has('upn') && a.upn) out.push(`a:${normalizeAddress(a.upn)}`);
    const sam = a.samAccountName ?? a.onPremisesSamAccountName;
    if (on.has('samAccountName') && sam) out.push(`s:${normalizeKey(sam)}`);
    // A value of only white space normalises to nothing and names nobody (as in the audit).
    return out.filter((k) => k.length > 2);
  };
  const personKeys = (i: number): string[] => {
    const p = o.person(i);
    const out: string[] = [];
    if (on.has('employeeId') && p.employeeId) out.push(`e:${normalizeKey(p.employeeId)}`);
    if (on.has('mail') || on.has('upn')) for (const addr of [p.email, p.upn]) if (addr) out.push(`a:${normalizeAddress(addr)}`);
    const sam = p.attributes?.samAccountName;
    if (on.has('samAccountName') && sam) out.push(`s:${normalizeKey(sam)}`);
    return out.filter((k) => k.length > 2);
  };
  const personByKeyId = new Map<string, number>();
  /** A person's index by id: the roster is scanned for that id only, once. */
  const personIndex = (id: string): number => {
    const want = normalizeKey(id);
    let at = personByKeyId.get(want);
    if (at !== undefined) return at;
    // The last person with that id, as a map of every id would answer.
    const k = o.addedPersons.findLastIndex((p) => normalizeKey(p.id) === want);
    at = k >= 0 ? roster.length + k : -1;
    const { field } = matcher(new Set([`i:${want}`]));
    const rows = roster.keyCandidates(['id'], [want]);
    if (rows) for (let k = rows.length - 1; k >= 0 && at < 0; k--) at = field(roster, rows[k]!, 'id', 'i:', false) ? rows[k]! : -1;
    else for (let i = roster.length - 1; i >= 0 && at < 0; i--) if (field(roster, i, 'id', 'i:', false)) at = i;
    personByKeyId.set(want, at);
    return at;
  };
  const accountNamesIn = (a: AccountNode): string[] =>
    [a.id, a.upn, a.samAccountName, a.dn].filter((x): x is string => !!x).map(normalizeKey);
  const types = new Set<string>(cfg.nonHuman.types);
  const patterns = cfg.nonHuman.namePatterns.map(globToRegExp);
  const nonHuman = (a: AccountNode): boolean =>
    types.has(a.type) || [a.name, a.samAccountName, a.upn].some((n) => !!n && patterns.some((r) => r.test(n)));
  const mappingOf = (a: AccountNode): number | undefined => {
    if (o.mappings.length === 0) return undefined;
    const names = new Set(accountNamesIn(a));
    const m = o.mappings.find((x) => x.source === a.source && names.has(normalizeKey(x.account)));
    return m ? personIndex(m.person) : undefined;
  };

  // Each account's candidate persons and each person's candidate accounts are found once per check:
  // a batch of new ones costs one scan of the roster (or of the accounts), keyed back to who asked.
  const personsOfAccount = new Map<number, Set<number>>();
  const personsOf = (accounts: Iterable<number>): Set<number> => {
    const todo: number[] = [];
    const asked: number[] = [];
    for (const a of accounts) {
      if (a >= o.principalCount || o.kind(a) !== 'account') continue;
      asked.push(a);
      if (!personsOfAccount.has(a)) {
        personsOfAccount.set(a, new Set());
        todo.push(a);
      }
    }
    const byKey = new Map<string, number[]>();
    for (const a of todo) {
      const acc = o.node(a) as AccountNode;
      for (const k of accountKeys(acc)) listPush(byKey, k, a);
      const mapped = mappingOf(acc);
      if (mapped !== undefined && mapped >= 0) personsOfAccount.get(a)!.add(mapped);
    }
    if (byKey.size > 0) {
      const { value, field } = matcher(new Set(byKey.keys()));
      const credit = (k: string | undefined, i: number): void => {
        if (k) for (const a of byKey.get(k)!) personsOfAccount.get(a)!.add(i);
      };
      const employee = on.has('employeeId');
      const addr = on.has('mail') || on.has('upn');
      const sam = on.has('samAccountName');
      const visit = (i: number): void => {
        if (employee) credit(field(roster, i, 'employeeId', 'e:', false), i);
        if (addr) {
          credit(field(roster, i, 'email', 'a:', true), i);
          credit(field(roster, i, 'upn', 'a:', true), i);
        }
        if (sam) credit(value('s:', roster.attribute(i, 'samAccountName'), false), i);
      };
      // With a snapshot index's key hashes, only the persons that may hold a wanted key are visited
      // (attributes such as samAccountName are only on persons held as objects, which are always visited).
      const rows = roster.keyCandidates(['employeeId', 'email', 'upn'], unprefixedKeys(byKey.keys()));
      if (rows) for (let k = 0; k < rows.length; k++) visit(rows[k]!);
      else for (let i = 0, n = roster.length; i < n; i++) visit(i);
      o.addedPersons.forEach((p, k) => {
        const i = roster.length + k;
        if (employee) credit(value('e:', p.employeeId, false), i);
        if (addr) {
          credit(value('a:', p.email, true), i);
          credit(value('a:', p.upn, true), i);
        }
        if (sam) credit(value('s:', p.attributes?.samAccountName, false), i);
      });
    }
    const out = new Set<number>();
    for (const a of asked) for (const p of personsOfAccount.get(a)!) out.add(p);
    return out;
  };

  let mappingsByPerson: Map<string, AccountMapping[]> | undefined;
  const mappingsOf = (person: number): AccountMapping[] => {
    if (!mappingsByPerson) {
      mappingsByPerson = new Map();
      for (const m of o.mappings) {
        const k = normalizeKey(m.person);
        const l = mappingsByPerson.get(k);
        if (l) l.push(m);
        else mappingsByPerson.set(k, [m]);
      }
    }
    return mappingsByPerson.get(normalizeKey(o.person(person).id)) ?? [];
  };
  const NAME_FIELDS = ['id', 'upn', 'samAccountName', 'dn'] as const;
  const accountsOfPerson = new Map<number, Set<number>>();
  const accountsOf = (persons: Iterable<number>): Set<number> => {
    const todo: number[] = [];
    const asked: number[] = [];
    for (const p of persons) {
      asked.push(p);
      if (!accountsOfPerson.has(p)) {
        accountsOfPerson.set(p, new Set());
        todo.push(p);
      }
    }
    const byKey = new Map<string, number[]>();
    // Explicit mappings name accounts by source and name: `n:<name>` finds candidates, the source confirms.
    const byName = new Map<string, number[]>();
    const nameKeys = new Set<string>();
    for (const p of todo) {
      for (const k of personKeys(p)) listPush(byKey, k, p);
      for (const m of mappingsOf(p)) {
        const n = normalizeKey(m.account);
        // Keyed by source: a mapping without one names no account here.
        listPush(byName, `${m.source}\0${n}`, p);
        nameKeys.add(`n:${n}`);
      }
    }
    if (byKey.size > 0 || byName.size > 0) {
      const { value, field } = matcher(new Set(byKey.keys()));
      const named = nameKeys.size ? matcher(nameKeys).field : undefined;
      const credit = (k: string | undefined, a: number): void => {
        if (k) for (const p of byKey.get(k)!) accountsOfPerson.get(p)!.add(a);
      };
      const creditName = (source: string, n: string, a: number): void => {
        for (const p of byName.get(`${source}\0${n}`) ?? []) accountsOfPerson.get(p)!.add(a);
      };
      const keyed = byKey.size > 0;
      const visit = (i: number): void => {
        if (!ps.isAccount(i)) return;
        if (keyed) {
          if (on.has('employeeId')) credit(field(ps, i, 'employeeId', 'e:', false), i);
          if (on.has('mail')) credit(field(ps, i, 'mail', 'a:', true), i);
          if (on.has('upn')) credit(field(ps, i, 'upn', 'a:', true), i);
          if (on.has('samAccountName'))
            credit(
              field(ps, i, ps.plainLength(i, 'samAccountName') === -2 ? 'onPremisesSamAccountName' : 'samAccountName', 's:', false),
              i,
            );
        }
        if (named)
          for (const f of NAME_FIELDS) {
            const k = named(ps, i, f, 'n:', false);
            if (k) creditName(ps.source(i), k.slice(2), i);
          }
      };
      // With a snapshot index's key hashes, only the accounts that may hold a wanted key are visited.
      const rows = ps.keyCandidates([...ACCOUNT_KEY_FIELDS, ...(named ? NAME_FIELDS : [])], unprefixedKeys([...byKey.keys(), ...nameKeys]));
      if (rows) for (let k = 0; k < rows.length; k++) visit(rows[k]!);
      else for (let i = 0, n = ps.length; i < n; i++) visit(i);
      // Edited accounts keep their keys (a plan only disables accounts or changes owners): the table answers.
      o.added.forEach((a, k) => {
        if (a.kind !== 'account') return;
        const i = o.P + k;
        if (on.has('employeeId')) credit(value('e:', a.employeeId, false), i);
        if (on.has('mail')) credit(value('a:', a.mail, true), i);
        if (on.has('upn')) credit(value('a:', a.upn, true), i);
        if (on.has('samAccountName')) credit(value('s:', a.samAccountName ?? a.onPremisesSamAccountName, false), i);
        for (const n of accountNamesIn(a)) creditName(a.source, n, i);
      });
    }
    const out: number[] = [];
    for (const p of asked) for (const a of accountsOfPerson.get(p)!) out.push(a);
    return new Set(out.sort((x, y) => x - y));
  };

  return {
    personsOf,
    accountsOf,
    exactAccountsOf(person) {
      const accounts = [...accountsOf([person])];
      personsOf(accounts); // one roster scan for all of them; the filter below reads the cache
      return accounts.filter((a) => {
        const acc = o.node(a) as AccountNode;
        const mapped = mappingOf(acc);
        if (mapped !== undefined) return mapped === person;
        if (nonHuman(acc)) return false;
        const candidates = personsOf([a]);
        return candidates.size === 1 && candidates.has(person);
      });
    },
    personId: (p) => o.person(p).id,
    personIndex,
  };
}
