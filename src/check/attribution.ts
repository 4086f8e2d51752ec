import type { CorrelationConfig } from '../config/audit-config.js';
import type { People } from '../correlate/correlate.js';
import { normalizeAddress, normalizeKey } from '../util/normalize.js';
import { globToRegExp } from '../util/glob.js';
import type { AccountNode, Estate } from '../estate/estate.js';

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

/**
 * Matches raw values against normalised keys without normalising every value of the estate: a plain
 * ASCII value keeps its length when normalised, so values of another length are skipped unread.
 */
function matcher(keys: ReadonlySet<string>): (prefix: string, v: string | undefined, address: boolean) => boolean {
  const lengths = new Set([...keys].map((k) => k.length - 2));
  return (prefix, v, address) => {
    if (!v) return false;
    if (PLAIN.test(v) && !(address && v.includes('#')) && !lengths.has(v.length)) return false;
    return keys.has(prefix + (address ? normalizeAddress(v) : normalizeKey(v)));
  };
}

/**
 * With an HR roster: the same keys as the correlation (src/correlate/correlate.ts: employeeId, mail,
 * UPN, sAMAccountName, explicit mappings), looked up by scanning only for the keys asked about.
 */
export function keyAttribution(estate: Estate, cfg: CorrelationConfig): Attribution {
  const on = new Set(cfg.keys);
  const accountKeys = (a: AccountNode): string[] => {
    const out: string[] = [];
    if (on.has('employeeId') && a.employeeId) out.push(`e:${normalizeKey(a.employeeId)}`);
    if (on.has('mail') && a.mail) out.push(`a:${normalizeAddress(a.mail)}`);
    if (on.has('upn') && a.upn) out.push(`a:${normalizeAddress(a.upn)}`);
    const sam = a.samAccountName ?? a.onPremisesSamAccountName;
    if (on.has('samAccountName') && sam) out.push(`s:${normalizeKey(sam)}`);
    return out;
  };
  const personKeys = (i: number): string[] => {
    const p = estate.persons.at(i);
    const out: string[] = [];
    if (on.has('employeeId') && p.employeeId) out.push(`e:${normalizeKey(p.employeeId)}`);
    if (on.has('mail') || on.has('upn')) for (const addr of [p.email, p.upn]) if (addr) out.push(`a:${normalizeAddress(addr)}`);
    const sam = p.attributes?.samAccountName;
    if (on.has('samAccountName') && sam) out.push(`s:${normalizeKey(sam)}`);
    return out;
  };
  const personByKeyId = new Map<string, number>();
  const personIndex = (id: string): number => {
    if (personByKeyId.size === 0) estate.persons.forEach((p, i) => personByKeyId.set(normalizeKey(p.id), i));
    return personByKeyId.get(normalizeKey(id)) ?? -1;
  };
  const accountNamesIn = (a: AccountNode): string[] =>
    [a.id, a.upn, a.samAccountName, a.dn].filter((x): x is string => !!x).map(normalizeKey);
  const types = new Set<string>(cfg.nonHuman.types);
  const patterns = cfg.nonHuman.namePatterns.map(globToRegExp);
  const nonHuman = (a: AccountNode): boolean =>
    types.has(a.type) || [a.name, a.samAccountName, a.upn].some((n) => !!n && patterns.some((r) => r.test(n)));
  const mappingOf = (a: AccountNode): number | undefined => {
    if (estate.mappings.length === 0) return undefined;
    const names = new Set(accountNamesIn(a));
    const m = estate.mappings.find((x) => x.source === a.source && names.has(normalizeKey(x.account)));
    return m ? personIndex(m.person) : undefined;
  };

  const personsOf = (accounts: Iterable<number>): Set<number> => {
    const keys = new Set<string>();
    const out = new Set<number>();
    for (const a of accounts) {
      if (a >= estate.principals.length || !estate.principals.isAccount(a)) continue;
      const acc = estate.principals.at(a) as AccountNode;
      for (const k of accountKeys(acc)) keys.add(k);
      const mapped = mappingOf(acc);
      if (mapped !== undefined && mapped >= 0) out.add(mapped);
    }
    if (keys.size === 0) return out;
    const hit = matcher(keys);
    const addr = on.has('mail') || on.has('upn');
    estate.persons.forEach((p, i) => {
      if (
        (on.has('employeeId') && hit('e:', p.employeeId, false)) ||
        (addr && (hit('a:', p.email, true) || hit('a:', p.upn, true))) ||
        (on.has('samAccountName') && hit('s:', p.attributes?.samAccountName, false))
      )
        out.add(i);
    });
    return out;
  };

  const accountsOf = (persons: Iterable<number>): Set<number> => {
    const keys = new Set<string>();
    const ids = new Set<string>();
    for (const p of persons) {
      for (const k of personKeys(p)) keys.add(k);
      ids.add(normalizeKey(estate.persons.at(p).id));
    }
    const mapped = estate.mappings.filter((m) => ids.has(normalizeKey(m.person)));
    const mappedNames = new Set(mapped.map((m) => `${m.source}\0${normalizeKey(m.account)}`));
    const hit = matcher(keys);
    const out = new Set<number>();
    estate.principals.forEach((a, i) => {
      if (a.kind !== 'account') return;
      const sam = a.samAccountName ?? a.onPremisesSamAccountName;
      if (
        (on.has('employeeId') && hit('e:', a.employeeId, false)) ||
        (on.has('mail') && hit('a:', a.mail, true)) ||
        (on.has('upn') && hit('a:', a.upn, true)) ||
        (on.has('samAccountName') && hit('s:', sam, false)) ||
        (mappedNames.size > 0 && accountNamesIn(a).some((n) => mappedNames.has(`${a.source}\0${n}`)))
      ) {
        out.add(i);
      }
    });
    return out;
  };

  return {
    personsOf,
    accountsOf,
    exactAccountsOf(person) {
      return [...accountsOf([person])].filter((a) => {
        const acc = estate.principals.at(a) as AccountNode;
        const mapped = mappingOf(acc);
        if (mapped !== undefined) return mapped === person;
        if (nonHuman(acc)) return false;
        const candidates = personsOf([a]);
        return candidates.size === 1 && candidates.has(person);
      });
    },
    personId: (p) => estate.persons.at(p).id,
    personIndex,
  };
}
