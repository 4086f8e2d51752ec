import { batchGet, maxBatchSize, type BatchItem } from './batch.js';
import type { GraphClient } from './graph-client.js';
import { parseGraphError } from './graph-error.js';
import type { GraphPage, RawMemberRef } from './graph-types.js';

/** groupId -> (memberId -> @odata.type). */
export type MemberMap = Map<string, Map<string, string>>;

const firstPage = (groupId: string, relation: string): string => `/groups/${groupId}/${relation}?$select=id&$top=999`;

/**
 * Direct members of every group, one `/groups/{id}/members` listing per group, sent `batchSize` at a
 * time in `$batch` (20) or alone (1). Follow-up pages of large groups go into later batches too.
 * `workers` batches are in flight at once; a partial batch is held back while others are in flight,
 * because their follow-ups may fill it.
 */
export async function readMembers(client: GraphClient, groupIds: readonly string[], batchSize: number, workers: number): Promise<MemberMap> {
  const members: MemberMap = new Map(groupIds.map((id) => [id, new Map()]));
  const queue: { groupId: string; url: string }[] = groupIds.map((groupId) => ({ groupId, url: firstPage(groupId, 'members') }));
  const active = new Set<Promise<void>>();
  let failure: unknown;

  const absorb = (groupId: string, page: GraphPage<RawMemberRef>): void => {
    const set = members.get(groupId)!;
    for (const m of page.value) set.set(m.id, m['@odata.type'] ?? '');
    const next = page['@odata.nextLink'];
    if (next) queue.push({ groupId, url: client.relative(next) });
  };

  const run = async (chunk: { groupId: string; url: string }[]): Promise<void> => {
    if (batchSize === 1) {
      const only = chunk[0]!;
      absorb(only.groupId, await client.get<GraphPage<RawMemberRef>>(only.url));
      return;
    }
    const items: BatchItem[] = chunk.map((c, i) => ({ id: String(i + 1), url: c.url }));
    const results = await batchGet(client, items);
    chunk.forEach((c, i) => {
      const r = results.get(String(i + 1))!;
      if (r.status >= 400) throw parseGraphError(r.status, JSON.stringify(r.body ?? {}), c.url.split('?')[0]!);
      absorb(c.groupId, r.body as GraphPage<RawMemberRef>);
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
  if (failure !== undefined) throw failure;
  return members;
}

export const membershipBatchSize = maxBatchSize;
