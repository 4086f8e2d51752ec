import type { Estate } from '../../src/estate/estate.js';

/** Everything the engine reads of an estate: each table through its accessors and as whole records. */
export function tables(e: Estate): string {
  const P = e.principals;
  const Q = e.persons;
  const rows: unknown[] = [];
  for (let i = 0; i < P.length; i++)
    rows.push([
      P.kind(i),
      P.source(i),
      P.str(i, 'id'),
      P.lowerStr(i, 'upn'),
      P.lowerStr(i, 'samAccountName'),
      P.plainLength(i, 'employeeId'),
      Array.from(P.members(i)),
      P.ownerRefs(i),
      P.isActive(i, Date.parse('2026-11-25T00:00:00Z')),
      P.primaryGroupId(i),
      P.sidRid(i),
      P.sidDomain(i),
      P.isAccount(i) ? P.accountType(i) : P.grantsAccess(i),
    ]);
  for (let i = 0; i < Q.length; i++) rows.push([Q.source(i), Q.str(i, 'id'), Q.status(i), Q.lowerStr(i, 'email'), Q.str(i, 'department')]);
  const { principals, persons, ...rest } = e;
  return JSON.stringify({ rows, rest, principals: principals.toArray(), persons: persons.toArray() });
}
