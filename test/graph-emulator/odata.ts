import { randomBytes } from 'node:crypto';
import { badRequest, type EmulatorResponse } from './graph-errors.js';

export interface Query {
  select?: string[];
  top?: number;
  expand?: string;
  filter?: string;
  skiptoken?: string;
  deltatoken?: string;
  /** The query string without $skiptoken/$deltatoken, to rebuild links. */
  base: URLSearchParams;
}

export function parseQuery(search: URLSearchParams): Query {
  const base = new URLSearchParams(search);
  base.delete('$skiptoken');
  base.delete('$deltatoken');
  const top = search.get('$top');
  return {
    select: search
      .get('$select')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    top: top === null ? undefined : Number(top),
    expand: search.get('$expand') ?? undefined,
    filter: search.get('$filter') ?? undefined,
    skiptoken: search.get('$skiptoken') ?? undefined,
    deltatoken: search.get('$deltatoken') ?? undefined,
    base,
  };
}

/** `$select` keeps `id` (and `@odata.type`/annotations) plus the named properties; unknown names are a 400 like Graph's. */
export function applySelect<T extends Record<string, unknown>>(
  obj: T,
  select: readonly string[] | undefined,
  allowed: ReadonlySet<string>,
  typeName: string,
): Record<string, unknown> | EmulatorResponse {
  if (!select) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj)) if (allowed.has(k) || k === 'id' || k.startsWith('@')) out[k] = obj[k];
    return out;
  }
  const out: Record<string, unknown> = { id: obj.id };
  for (const k of select) {
    if (!allowed.has(k))
      return badRequest(`Could not find a property named '${k}' on type 'microsoft.graph.${typeName}'.`, 'Request_BadRequest');
    out[k] = obj[k] ?? null;
  }
  for (const k of Object.keys(obj)) if (k.startsWith('@')) out[k] = obj[k];
  return out;
}

export const isResponse = (x: unknown): x is EmulatorResponse =>
  typeof x === 'object' && x !== null && 'status' in x && 'body' in x && typeof (x as EmulatorResponse).status === 'number';

/** Server-side paging state behind opaque skiptokens. */
export class PageTokens<S> {
  private readonly states = new Map<string, S>();
  issue(state: S): string {
    const token = `RFNwdAIAAQAAAD${randomBytes(18).toString('base64url')}`;
    this.states.set(token, state);
    return token;
  }
  take(token: string): S | undefined {
    return this.states.get(token);
  }
  clear(): void {
    this.states.clear();
  }
}

/** One page of a plain collection with `$top` (capped) and an opaque skiptoken. */
export function pageOf<T>(
  items: readonly T[],
  offset: number,
  size: number,
  tokens: PageTokens<number>,
  linkBase: string,
  query: Query,
): { slice: readonly T[]; nextLink?: string } {
  const slice = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { slice };
  const q = new URLSearchParams(query.base);
  q.set('$skiptoken', tokens.issue(offset + size));
  return { slice, nextLink: `${linkBase}?${decodeURIComponent(q.toString())}` };
}
