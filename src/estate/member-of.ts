import type { MemberOf, Principals } from './principals.js';

export type { MemberOf };

/** Two passes over the member lists (count, then place). */
export function memberOfIndex(ps: Principals): MemberOf {
  const P = ps.length;
  const start = new Int32Array(P + 1);
  let M = 0;
  for (let g = 0; g < P; g++) {
    if (!ps.grantsAccess(g)) continue;
    const m = ps.members(g);
    M += m.length;
    for (let k = 0; k < m.length; k++) start[m[k]! + 1]!++;
  }
  for (let i = 0; i < P; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, P);
  const to = new Int32Array(M);
  for (let g = 0; g < P; g++) {
    if (!ps.grantsAccess(g)) continue;
    const m = ps.members(g);
    for (let k = 0; k < m.length; k++) to[fill[m[k]!]!++] = g;
  }
  return { start, to };
}
