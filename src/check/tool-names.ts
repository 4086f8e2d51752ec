import { normalizeKey } from '../util/normalize.js';
import { sourceIdsOf, sourceRefReadings } from '../correlate/source-ref.js';
import type { Estate, PrincipalNode } from '../estate/estate.js';
import type { HotString } from '../estate/principals.js';
import type { Tool } from '../model/records.js';
import type { NameSearch } from './principal-refs.js';

/** The names an account may be a tool's identity by. */
export const TOOL_NAMES: Record<PrincipalNode['kind'], readonly HotString[]> = {
  account: ['id', 'appId', 'upn', 'samAccountName', 'dn', 'name'],
  group: [],
  foreign: [],
};

/** The names (normalised) tools' identities refer to, in any source. */
export const toolNameKeys = (estate: Estate, tools: readonly Pick<Tool, 'identities'>[]): Set<string> => {
  const ids = sourceIdsOf(estate);
  return new Set(
    tools.flatMap((t) => t.identities.flatMap((i) => sourceRefReadings(i.ref, ids, i.source).map((r) => normalizeKey(r.name)))),
  );
};

/**
 * The search for the estate's accounts the identities of `tools` name, to run in another scan of the
 * tables (see PrincipalLookup.prepare); its hits go to `toolPrincipals`.
 */
export function toolNameSearch(estate: Estate, tools: readonly Pick<Tool, 'identities'>[], hits: Set<number>): NameSearch {
  return { fields: TOOL_NAMES, wanted: toolNameKeys(estate, tools), hit: (a) => hits.add(a), normalize: true };
}
