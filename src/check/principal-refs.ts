import type { Estate, PrincipalNode } from '../estate/estate.js';
import { ridOf, type HotString, type Principals } from '../estate/principals.js';
import { WantedKeys } from '../estate/raw-table.js';
import { InputError } from '../util/errors.js';
import type { EstateOverlay } from './overlay.js';

/** Names a principal may be referred to by in a plan, compared case-insensitively. */
const NAMES: Record<PrincipalNode['kind'], readonly HotString[]> = {
  account: ['id', 'upn', 'samAccountName', 'dn', 'name', 'appId'],
  group: ['id', 'name', 'dn', 'sid'],
  foreign: ['id', 'sid', 'name'],
};
const namesOf = (p: PrincipalNode): (string | undefined)[] =>
  NAMES[p.kind].map((f) => (p as unknown as Partial<Record<HotString, string>>)[f]);

const KINDS = ['account', 'group', 'foreign'] as const;

/** `source:name` when the prefix is a known source id, else a bare name searched in every source. */
export function splitRef(estate: Pick<Estate, 'sources'>, ref: string): { source?: string; name: string } {
  const colon = ref.indexOf(':');
  if (colon > 0) {
    const source = ref.slice(0, colon);
    if (estate.sources.some((s) => s.id === source)) return { source, name: ref.slice(colon + 1) };
  }
  return { name: ref };
}

/** The lower-cased name a reference is compared by. */
export const refKey = (estate: Pick<Estate, 'sources'>, ref: string): string => splitRef(estate, ref).name.trim().toLowerCase();

/** Principals to find by name: hot strings `fields` (per kind), lower-cased or normalised, that are one of `wanted`. */
export interface NameSearch {
  fields: Record<PrincipalNode['kind'], readonly HotString[]>;
  wanted: ReadonlySet<string>;
  hit: (i: number, key: string, field: HotString) => void;
  /** Compare as normalizeKey gives a value (else lower-cased only). */
  normalize?: boolean;
}

/**
 * Runs every search in one pass over the estate's tables, calling each search's `hit(i, key, field)`
 * for each principal whose hot string `field` is one of its wanted names. Plain ASCII values are
 * compared on the table's bytes (see RawTable.matchKey), and values of a length no wanted name has are
 * passed over first (normalising keeps a plain ASCII value's length): a string is built only for a
 * value that is not plain ASCII.
 */
export function scanNames(ps: Principals, searches: readonly NameSearch[]): void {
  const live = searches
    .filter((s) => s.wanted.size > 0)
    .map((s) => ({ ...s, keys: new WantedKeys(s.wanted), lengths: new Set([...s.wanted].map((w) => w.length)) }));
  if (live.length === 0) return;
  // Per kind, each field once with the searches that read it.
  const byKind = Object.fromEntries(
    KINDS.map((kind) => {
      const fields = [...new Set(live.flatMap((s) => s.fields[kind]))];
      return [kind, fields.map((f) => [f, live.filter((s) => s.fields[kind].includes(f))] as const)];
    }),
  ) as Record<PrincipalNode['kind'], (readonly [HotString, typeof live])[]>;
  const visit = (i: number): void => {
    for (const [f, ss] of byKind[ps.kind(i)]) {
      const len = ps.plainLength(i, f);
      if (len === -2) continue;
      for (const s of ss) {
        if (len >= 0 && !s.lengths.has(len)) continue;
        const key = s.normalize ? ps.matchKey(i, f, s.keys) : ps.matchLower(i, f, s.keys);
        if (key !== undefined) s.hit(i, key, f);
      }
    }
  };
  // With a snapshot index's key hashes, only the principals that may hold a wanted name are visited.
  const rows = ps.keyCandidates(
    KINDS.flatMap((kind) => byKind[kind].map(([f]) => f)),
    live.flatMap((s) => [...s.wanted]),
  );
  if (rows) for (let k = 0; k < rows.length; k++) visit(rows[k]!);
  else for (let i = 0, n = ps.length; i < n; i++) visit(i);
}

/** One search (see scanNames). */
export function scanHotStrings(
  ps: Principals,
  fields: Record<PrincipalNode['kind'], readonly HotString[]>,
  wanted: ReadonlySet<string>,
  hit: (i: number, key: string, field: HotString) => void,
  normalize = false,
): void {
  scanNames(ps, [{ fields, wanted, hit, normalize }]);
}

/**
 * Finds the principals plan references name, in the estate's tables and among the plan's new ones.
 * The estate is scanned once for every name the plan uses (`prepare`), not once per reference.
 */
export class PrincipalLookup {
  private readonly hits: Record<PrincipalNode['kind'], Map<string, number[]>> = {
    account: new Map(),
    group: new Map(),
    foreign: new Map(),
  };

  constructor(private readonly o: EstateOverlay) {}

  /**
   * Looks up every reference not looked up yet, in one pass over the estate; only principals of the
   * kinds a reference may name are read for it. `also`: other name searches made in the same pass.
   */
  prepare(refs: Iterable<{ ref: string; kinds: readonly PrincipalNode['kind'][] }>, also: readonly NameSearch[] = []): void {
    const wanted: Record<PrincipalNode['kind'], Set<string>> = { account: new Set(), group: new Set(), foreign: new Set() };
    for (const { ref, kinds } of refs) {
      const k = refKey(this.o.base, ref);
      for (const kind of kinds) if (!this.hits[kind].has(k)) wanted[kind].add(k);
    }
    const all = new Set<string>();
    const fields = { ...NAMES };
    for (const kind of KINDS) {
      for (const k of wanted[kind]) {
        this.hits[kind].set(k, []);
        all.add(k);
      }
      if (wanted[kind].size === 0) fields[kind] = [];
    }
    const ps = this.o.base.principals;
    const hit = (i: number, key: string): void => {
      const kind = ps.kind(i);
      if (!wanted[kind].has(key)) return;
      const list = this.hits[kind].get(key)!;
      if (list[list.length - 1] !== i) list.push(i);
    };
    scanNames(ps, [{ fields, wanted: all, hit }, ...also]);
  }

  private readonly sids = new Map<string, number[]>();

  /**
   * Principals of any kind whose SID is `sid` (case-insensitive). The RID is compared first, read from
   * the table without building the SID string, so only principals with the same RID are decoded.
   */
  bySid(sid: string): number[] {
    const want = sid.toUpperCase();
    let base = this.sids.get(want);
    if (!base) {
      base = [];
      const ps = this.o.base.principals;
      const rid = ridOf(want);
      for (let i = 0, n = ps.length; i < n; i++) {
        if (!Number.isNaN(rid) && ps.sidRid(i) !== rid) continue;
        if (ps.str(i, 'sid')?.toUpperCase() === want) base.push(i);
      }
      this.sids.set(want, base);
    }
    const out = base.slice();
    this.o.added.forEach((p, k) => {
      if ('sid' in p && p.sid?.toUpperCase() === want) out.push(this.o.P + k);
    });
    return out;
  }

  /** Principals of `kinds` in the estate (then the plan's new ones) with a name equal to `name` (lower-cased). */
  named(name: string, kinds: readonly PrincipalNode['kind'][] = KINDS): number[] {
    const missing = kinds.filter((kind) => !this.hits[kind].has(name));
    if (missing.length) this.prepare([{ ref: name, kinds: missing }]);
    const out = kinds.flatMap((kind) => this.hits[kind].get(name)!).sort((a, b) => a - b);
    this.o.added.forEach((p, k) => {
      if (kinds.includes(p.kind) && namesOf(p).some((n) => n !== undefined && n.toLowerCase() === name)) out.push(this.o.P + k);
    });
    return out;
  }

  /**
   * Finds the principal of `kind` a plan reference names. Unknown and ambiguous references are input
   * errors: a plan that silently did nothing would pass a gate it should not.
   */
  find(ref: string, kinds: readonly PrincipalNode['kind'][], path: string, file?: string): number {
    const o = this.o;
    const { source, name } = splitRef(o.base, ref);
    const hits = this.named(name.trim().toLowerCase(), kinds).filter((i) => source === undefined || o.source(i) === source);
    const what = kinds.includes('group') && !kinds.includes('account') ? 'group' : kinds.includes('group') ? 'account or group' : 'account';
    if (hits.length === 0) {
      throw new InputError(
        `unknown ${what} "${ref}"${source ? ` in source ${source}` : ''}`,
        { file, path },
        `check the spelling, or write it as "<source>:<name>" (sources: ${o.base.sources.map((s) => s.id).join(', ')})`,
      );
    }
    if (hits.length > 1) {
      const where = hits.slice(0, 5).map((i) => `${o.source(i)}:${o.node(i).id}`);
      throw new InputError(
        `"${ref}" names ${hits.length} principals (${where.join(', ')})`,
        { file, path },
        'write it as "<source>:<id>" to pick one',
      );
    }
    return hits[0]!;
  }
}
