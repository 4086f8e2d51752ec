import { errorMessage } from '../../util/errors.js';
import { batchGet, type BatchItem } from './batch.js';
import type { GraphClient } from './graph-client.js';
import { parseGraphError } from './graph-error.js';
import type { GraphPage } from './graph-types.js';

/** Lists completed between two progress reports. */
const PROGRESS_EVERY = 100;

/**
 * Many small listings (`/groups/{id}/members`, filtered schedules), `batchSize` at a time in `$batch`
 * (20) or alone (1). Follow-up pages go back into the queue and are batched too. `workers` batches are
 * in flight at once; a partial batch is held back while others are in flight, because their follow-ups
 * may fill it.
 */
export async function batchedLists<T>(
  client: GraphClient,
  lists: readonly { key: string; url: string }[],
  batchSize: number,
  workers: number,
  onPage: (key: string, items: T[]) => void,
  progress?: (done: number, total: number) => void,
): Promise<void> {
  const queue = [...lists];
  const active = new Set<Promise<void>>();
  let failure: unknown;

  let done = 0;
  // Shown at once, before the first batch returns: a long read is visibly under way from its start.
  progress?.(0, lists.length);
  const absorb = (key: string, page: GraphPage<T>): void => {
    onPage(key, page.value);
    const next = page['@odata.nextLink'];
    if (next) queue.push({ key, url: client.relative(next) });
    else if (++done % PROGRESS_EVERY === 0 || done === lists.length) progress?.(done, lists.length);
  };

  const run = async (chunk: { key: string; url: string }[]): Promise<void> => {
    if (batchSize === 1) {
      const only = chunk[0]!;
      absorb(only.key, await client.get<GraphPage<T>>(only.url));
      return;
    }
    const items: BatchItem[] = chunk.map((c, i) => ({ id: String(i + 1), url: c.url }));
    const results = await batchGet(client, items);
    chunk.forEach((c, i) => {
      const r = results.get(String(i + 1))!;
      if (r.status >= 400) throw parseGraphError(r.status, JSON.stringify(r.body ?? {}), c.url.split('?')[0]!);
      absorb(c.key, r.body as GraphPage<T>);
    });
  };

  while ((queue.length > 0 || active.size > 0) && failure === undefined) {
    while (queue.length > 0 && active.size < workers && (queue.length >= batchSize || active.size === 0)) {
      const p: Promise<void> = run(queue.splice(0, batchSize))
        .catch((e: unknown) => {
          failure ??= e;
        })
        .finally(() => active.delete(p));
      active.add(p);
    }
    if (active.size > 0) await Promise.race(active);
  }
  await Promise.all(active);
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(errorMessage(failure));
}
