/** Operation names slapd logs at loglevel stats (`conn=1001 op=2 SRCH base=...`). */
export function loggedOperations(log: string): Set<string> {
  const ops = new Set<string>();
  for (const m of log.matchAll(/conn=\d+ op=\d+ ([A-Z]+)/g)) ops.add(m[1]!);
  return ops;
}

/** How many BIND requests (not results) slapd logged. */
export const bindCount = (log: string): number => [...log.matchAll(/conn=\d+ op=\d+ BIND dn=/g)].length;
