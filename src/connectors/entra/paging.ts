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

/**
 * Every item of a collection; `onPage` hears the count so far, 0 before the first request. Items go into
 * `into` as each page arrives, so a caller that passes it keeps the pages read before a failure.
 */
export async function listAll<T>(
  client: GraphClient,
  path: string,
  headers: Record<string, string> = {},
  onPage?: (count: number) => void,
  into: T[] = [],
): Promise<T[]> {
  onPage?.(0);
  for await (const page of pages<T>(client, path, headers)) {
    for (const item of page.value) into.push(item);
    onPage?.(into.length);
  }
  return into;
}

export const selectQuery = (fields: readonly string[]): string => `$select=${fields.join(',')}`;
