import type { Estate, PrincipalNode } from '../estate/estate.js';
import { InputError } from '../util/errors.js';

/** Names a principal may be referred to by in a plan, compared case-insensitively. */
const namesOf = (p: PrincipalNode): (string | undefined)[] =>
  p.kind === 'account'
    ? [p.id, p.upn, p.samAccountName, p.dn, p.name, p.appId]
    : p.kind === 'group'
      ? [p.id, p.name, p.dn, p.sid]
      : [p.id, p.sid, p.name];

/** `source:name` when the prefix is a known source id, else a bare name searched in every source. */
export function splitRef(estate: Estate, ref: string): { source?: string; name: string } {
  const colon = ref.indexOf(':');
  if (colon > 0) {
    const source = ref.slice(0, colon);
    if (estate.sources.some((s) => s.id === source)) return { source, name: ref.slice(colon + 1) };
  }
  return { name: ref };
}

/**
 * Finds the principal of `kind` a plan reference names. Unknown and ambiguous references are input
 * errors: a plan that silently did nothing would pass a gate it should not.
 */
export function findPrincipal(estate: Estate, ref: string, kinds: readonly PrincipalNode['kind'][], path: string, file?: string): number {
  const { source, name } = splitRef(estate, ref);
  const want = name.trim().toLowerCase();
  const hits: number[] = [];
  estate.principals.forEach((p, i) => {
    if (!kinds.includes(p.kind) || (source !== undefined && p.source !== source)) return;
    if (namesOf(p).some((n) => n !== undefined && n.toLowerCase() === want)) hits.push(i);
  });
  const what = kinds.includes('group') && !kinds.includes('account') ? 'group' : kinds.includes('group') ? 'account or group' : 'account';
  if (hits.length === 0) {
    throw new InputError(
      `unknown ${what} "${ref}"${source ? ` in source ${source}` : ''}`,
      { file, path },
      `check the spelling, or write it as "<source>:<name>" (sources: ${estate.sources.map((s) => s.id).join(', ')})`,
    );
  }
  if (hits.length > 1) {
    const where = hits.slice(0, 5).map((i) => `${estate.principals.at(i).source}:${estate.principals.at(i).id}`);
    throw new InputError(
      `"${ref}" names ${hits.length} principals (${where.join(', ')})`,
      { file, path },
      'write it as "<source>:<id>" to pick one',
    );
  }
  return hits[0]!;
}
