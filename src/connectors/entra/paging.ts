import type { GraphClient } from './graph-client.js';
import type { GraphPage } from './graph-types.js';

/** Every page of a collection, following `@odata.nextLink` until it is absent. */
export async function* pages<T>(client: GraphClient, path: string, headers: Record<string, string> = {}): AsyncGenerator<GraphPage<T>> {
  let next: string | undefined = path;
  while (next) {
    const page: GraphPage<T> = await client.get<GraphPage<T>>(next, headers);
    yield page;
    next = page['@odata.nextLink'];
  }
}

/** Every item of a collection; `onPage` hears the count so far, 0 before the first request. */
export async function listAll<T>(
  client: GraphClient,
  path: string,
  headers: Record<string, string> = {},
  onPage?: (count: number) => void,
): Promise<T[]> {
  const out: T[] = [];
  onPage?.(0);
  for await (const page of pages<T>(client, path, headers)) {
    out.push(...page.value);
    onPage?.(out.length);
  }
  return out;
}

export const selectQuery = (fields: readonly string[]): string => `$select=${fields.join(',')}`;
