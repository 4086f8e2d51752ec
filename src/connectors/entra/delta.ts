import type { GraphClient } from './graph-client.js';
import { groupSelect, userSelect, type RawGroup, type RawMemberRef, type RawUser } from './graph-types.js';
import type { MemberMap } from './members.js';
import { pages, selectQuery } from './paging.js';

/** Graph caps delta pages on its side; asking for the most keeps the page count down. */
export const deltaHeaders = { prefer: 'odata.maxpagesize=999' };

export const usersDeltaStart = `/users/delta?${selectQuery(userSelect)}`;
/** Selecting `members` makes each group carry `members@delta`; a large group's members span several pages. */
export const groupsDeltaStart = `/groups/delta?${selectQuery([...groupSelect, 'members'])}`;

const isRemoved = (o: object): boolean => '@removed' in o;

/**
 * Applies one delta round (initial or incremental) to `users`; returns the next round's delta link.
 * Ids of removed users are added to `removed`.
 */
export async function applyUsersDelta(
  client: GraphClient,
  url: string,
  users: Map<string, RawUser>,
  removed = new Set<string>(),
): Promise<string> {
  let deltaLink: string | undefined;
  for await (const page of pages<RawUser>(client, url, deltaHeaders)) {
    for (const u of page.value) {
      if (isRemoved(u)) {
        users.delete(u.id);
        removed.add(u.id);
      } else users.set(u.id, { ...users.get(u.id), ...u });
    }
    deltaLink = page['@odata.deltaLink'];
  }
  if (!deltaLink) throw new Error('users delta ended without a delta link');
  return deltaLink;
}

type GroupDeltaItem = RawGroup & { 'members@delta'?: RawMemberRef[] };

/**
 * Applies one groups delta round to `groups` and `members` (ids of removed groups go to `removed`). A group can appear on several pages
 * (its members spread over them): entries are merged by group id; `@removed` members are dropped.
 */
export async function applyGroupsDelta(
  client: GraphClient,
  url: string,
  groups: Map<string, RawGroup>,
  members: MemberMap,
  removed = new Set<string>(),
): Promise<string> {
  let deltaLink: string | undefined;
  for await (const page of pages<GroupDeltaItem>(client, url, deltaHeaders)) {
    for (const item of page.value) {
      if (isRemoved(item)) {
        groups.delete(item.id);
        members.delete(item.id);
        removed.add(item.id);
        continue;
      }
      const { 'members@delta': changes, ...props } = item;
      groups.set(item.id, { ...groups.get(item.id), ...props });
      let set = members.get(item.id);
      if (!set) members.set(item.id, (set = new Map<string, string>()));
      for (const m of changes ?? []) {
        if (isRemoved(m)) set.delete(m.id);
        else set.set(m.id, m['@odata.type'] ?? '');
      }
    }
    deltaLink = page['@odata.deltaLink'];
  }
  if (!deltaLink) throw new Error('groups delta ended without a delta link');
  return deltaLink;
}
