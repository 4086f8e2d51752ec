import { normalizeKey } from '../util/normalize.js';
import { resolveSourceRef, sourceIdsOf, sourceRefReadings } from '../correlate/source-ref.js';
import type { Estate } from '../estate/estate.js';
import { WantedKeys } from '../estate/raw-table.js';
import type { Tool } from '../model/records.js';

/** The last index per estate: the audit's rule, the planner's collateral and its regions all ask for it. */
const indexes = new WeakMap<Estate, { principals: number; tools: readonly Tool[]; index: Map<string, number[]> }>();

/**
 * Accounts by the names a tool inventory may use (id, appId, UPN, sAMAccountName, DN, display name),
 * for the names the inventory actually uses: one pass over accounts, no index of every name. Kept per
 * estate while its principals and tools are the same (estates are not changed once assembled; a plan's
 * changed estate is another object).
 */
export function accountNameIndex(estate: Estate): Map<string, number[]> {
  const kept = indexes.get(estate);
  if (kept && kept.principals === estate.principals.length && kept.tools === estate.tools) return kept.index;
  const index = buildAccountNameIndex(estate);
  indexes.set(estate, { principals: estate.principals.length, tools: estate.tools, index });
  return index;
}

function buildAccountNameIndex(estate: Estate): Map<string, number[]> {
  const ids = sourceIdsOf(estate);
  const wanted = new Set(
    estate.tools.flatMap((t) => t.identities.flatMap((r) => sourceRefReadings(r.ref, ids, r.source).map((x) => normalizeKey(x.name)))),
  );
  const idx = new Map<string, number[]>();
  if (wanted.size === 0) return idx;
  // Compared on the bytes where the table can (no string built per account), see RawTable.matchKey.
  const keys = new WantedKeys(wanted);
  const ps = estate.principals;
  const fields = ['id', 'appId', 'upn', 'samAccountName', 'dn', 'name'] as const;
  for (let i = 0; i < ps.length; i++) {
    if (!ps.isAccount(i)) continue;
    for (const f of fields) {
      const n = ps.matchKey(i, f, keys);
      // One account is listed once per name even when several of its fields carry that name.
      if (n === undefined || idx.get(n)?.at(-1) === i) continue;
      const list = idx.get(n);
      if (list) list.push(i);
      else idx.set(n, [i]);
    }
  }
  return idx;
}

export interface ResolvedIdentity {
  ref: string;
  source?: string;
  accounts: number[];
}

/** The accounts each identity of a tool names: `source:ref`, or `ref` in any source (see source-ref.ts). */
export function resolveToolIdentities(estate: Estate, tool: Tool, index: Map<string, number[]>): ResolvedIdentity[] {
  const ids = sourceIdsOf(estate);
  return tool.identities.map((r) => {
    const { ref, hits } = resolveSourceRef(r.ref, ids, r.source, (x) =>
      (index.get(normalizeKey(x.name)) ?? []).filter((i) => x.source === undefined || estate.principals.source(i) === x.source),
    );
    return { ref: ref.name, source: ref.source, accounts: hits };
  });
}
