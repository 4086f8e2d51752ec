import { maxBatchSize } from './batch.js';
import { batchedLists } from './batched-lists.js';
import type { GraphClient } from './graph-client.js';
import type { RawMemberRef } from './graph-types.js';

/** groupId -> (memberId -> @odata.type). */
export type MemberMap = Map<string, Map<string, string>>;

/** Direct members of every group: one `/groups/{id}/members` listing per group, batched (see batchedLists). */
export async function readMembers(
  client: GraphClient,
  groupIds: readonly string[],
  batchSize: number,
  workers: number,
  progress?: (done: number, total: number) => void,
): Promise<MemberMap> {
  const members: MemberMap = new Map(groupIds.map((id) => [id, new Map<string, string>()]));
  const lists = groupIds.map((id) => ({ key: id, url: `/groups/${id}/members?$select=id&$top=999` }));
  await batchedLists<RawMemberRef>(
    client,
    lists,
    batchSize,
    workers,
    (groupId, page) => {
      const set = members.get(groupId)!;
      for (const m of page) set.set(m.id, m['@odata.type'] ?? '');
    },
    progress,
  );
  return members;
}

export const membershipBatchSize = maxBatchSize;
