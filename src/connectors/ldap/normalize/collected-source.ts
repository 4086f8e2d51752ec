import type { CollectedSource } from '../../../model/collected.js';
import type { Source, SourceProblem } from '../../../model/source.js';
import type { DirectoryRecords } from './directory-records.js';

/** The SID most accounts' SIDs share once their RID is removed: the domain SID, when the domain object was not read. */
export function domainSidFromAccounts(records: DirectoryRecords): string | undefined {
  const counts = new Map<string, number>();
  for (const a of records.accounts) {
    const m = a.sid ? /^(S-1-5-21-\d+-\d+-\d+)-\d+$/.exec(a.sid) : null;
    if (m) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export interface SourceFacts {
  id: string;
  kind: 'ldap' | 'ldif';
  flavor: string;
  origin: Source['origin'];
  collectedAt: string;
  problems: SourceProblem[];
  stats?: Source['stats'];
}

/** Wraps normalised directory records into what a connector returns; incomplete whenever any problem is. */
export function toCollectedSource(records: DirectoryRecords, facts: SourceFacts): CollectedSource {
  const complete = !facts.problems.some((p) => p.level === 'incomplete');
  return {
    source: {
      id: facts.id,
      kind: facts.kind,
      flavor: facts.flavor,
      origin: facts.origin,
      collectedAt: facts.collectedAt,
      complete,
      problems: facts.problems,
      notCollected: [],
      counts: {
        accounts: records.accounts.length,
        groups: records.groups.length,
        foreign: records.foreign.length,
        links: records.links.length,
        passwordPolicies: records.passwordPolicies.length,
        ignoredEntries: records.ignored,
      },
      stats: facts.stats,
    },
    accounts: records.accounts,
    groups: records.groups,
    foreign: records.foreign,
    roleAssignments: [],
    applications: [],
    links: records.links,
    persons: [],
    tools: [],
    mappings: [],
    records: [],
    passwordPolicies: records.passwordPolicies,
  };
}
