import { normalizeKey } from '../correlate/normalize.js';
import type { Estate } from '../estate/estate.js';
import type { Tool } from '../model/records.js';

/**
 * Accounts by the names a tool inventory may use (id, appId, UPN, sAMAccountName, DN, display name),
 * for the names the inventory actually uses: one pass over accounts, no index of every name.
 */
export function accountNameIndex(estate: Estate): Map<string, number[]> {
  const wanted = new Set(estate.tools.flatMap((t) => t.identities.map((r) => normalizeKey(r.ref))));
  const idx = new Map<string, number[]>();
  estate.principals.forEach((p, i) => {
    if (p.kind !== 'account') return;
    const names = new Set([p.id, p.appId, p.upn, p.samAccountName, p.dn, p.name].filter((x): x is string => !!x).map(normalizeKey).filter((n) => wanted.has(n)));
    for (const n of names) {
      const list = idx.get(n);
      if (list) list.push(i);
      else idx.set(n, [i]);
    }
  });
  return idx;
}

export interface ResolvedIdentity {
  ref: string;
  source?: string;
  accounts: number[];
}

export function resolveToolIdentities(estate: Estate, tool: Tool, index: Map<string, number[]>): ResolvedIdentity[] {
  return tool.identities.map((r) => {
    const hits = (index.get(normalizeKey(r.ref)) ?? []).filter((i) => r.source === undefined || estate.principals[i]!.source === r.source);
    return { ref: r.ref, source: r.source, accounts: hits };
  });
}
