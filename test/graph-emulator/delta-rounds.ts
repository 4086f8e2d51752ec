import { applySelect, isResponse, PageTokens, type Query } from './odata.js';
import { badRequest, type EmulatorResponse } from './graph-errors.js';
import type { GraphObject } from './tenant-model.js';

/** What a delta link remembers: the collection as it was when the round started. */
export interface DeltaSnapshot {
  objects: Map<string, GraphObject>;
  members?: Map<string, string[]>;
}

interface DeltaEntry {
  obj: Record<string, unknown>;
  members?: { id: string; '@odata.type': string; '@removed'?: { reason: string } }[];
}

interface Round {
  entries: DeltaEntry[];
  index: number;
  memberOffset: number;
  snapshot: DeltaSnapshot;
  select?: string[];
  wantMembers: boolean;
}

export interface DeltaLimits {
  /** Objects (users or groups) per page. */
  objects: number;
  /** Member links (members@delta entries) per page. */
  links: number;
  /** Whether `$deltatoken=latest` is served (default true). */
  latest?: boolean;
}

/** `exists` drops member ids whose object was deleted: the directory removes such memberships. */
export const snapshotOf = (
  items: readonly (GraphObject & { members?: string[] })[],
  withMembers: boolean,
  exists: (id: string) => boolean = () => true,
): DeltaSnapshot => ({
  objects: new Map(items.map((o) => [o.id, { ...o }])),
  ...(withMembers ? { members: new Map(items.map((o) => [o.id, (o.members ?? []).filter(exists)])) } : {}),
});

/**
 * Graph's delta query: an initial round returns every object (with `members@delta` when members are
 * selected), later rounds only what changed since the link was issued, removed objects and members
 * with `@removed`. Pages hold at most `limits.objects` objects and `limits.links` member links; a
 * group whose members do not fit continues on the next page under the same id.
 */
export class DeltaService {
  readonly rounds = new PageTokens<Round>();
  readonly links = new PageTokens<{ snapshot: DeltaSnapshot; select?: string[]; wantMembers: boolean }>();

  constructor(private readonly limits: DeltaLimits) {}

  expireAll(): void {
    this.links.clear();
  }

  /**
   * `exists` tells whether a member object still exists. Like Graph, a membership that ended because the
   * member object was deleted is not reported as a removed member in the group's delta.
   */
  start(
    current: DeltaSnapshot,
    query: Query,
    allowed: ReadonlySet<string>,
    typeName: string,
    typeOf: (id: string) => string,
    exists: (id: string) => boolean = () => true,
  ): Round | EmulatorResponse {
    let select = query.select?.filter((s) => s !== 'members');
    let wantMembers = query.select?.includes('members') === true || query.expand === 'members';
    let previous: DeltaSnapshot | undefined;
    if (query.deltatoken === 'latest' && this.limits.latest === false)
      return badRequest("Unsupported value 'latest' for $deltatoken.", 'Request_UnsupportedQuery');
    if (query.deltatoken === 'latest') {
      // A delta link for "now", without the data: the next round reports changes from here on.
      return { entries: [], index: 0, memberOffset: 0, snapshot: current, wantMembers, ...(select ? { select } : {}) };
    }
    if (query.deltatoken) {
      // A delta link carries the query of the round that issued it.
      const link = this.links.take(query.deltatoken);
      if (!link)
        return badRequest('The sync state of this delta link is no longer available; a full resync is required.', 'syncStateNotFound');
      previous = link.snapshot;
      select = link.select;
      wantMembers = link.wantMembers;
    }
    const entries: DeltaEntry[] = [];
    for (const id of [...new Set([...current.objects.keys(), ...(previous?.objects.keys() ?? [])])].sort()) {
      const now = current.objects.get(id);
      const before = previous?.objects.get(id);
      if (!now) {
        entries.push({ obj: { id, '@removed': { reason: 'changed' } } });
        continue;
      }
      const sel = applySelect(now, select, allowed, typeName);
      if (isResponse(sel)) return sel;
      const nowMembers = current.members?.get(id) ?? [];
      const beforeMembers = new Set(previous?.members?.get(id) ?? []);
      const nowSet = new Set(nowMembers);
      const memberChanges = wantMembers
        ? [
            ...nowMembers.filter((m) => !beforeMembers.has(m)).map((m) => ({ id: m, '@odata.type': typeOf(m) })),
            ...[...beforeMembers]
              .filter((m) => !nowSet.has(m) && exists(m))
              .map((m) => ({ id: m, '@odata.type': typeOf(m), '@removed': { reason: 'deleted' } })),
          ]
        : [];
      const changed = !before || JSON.stringify(applySelect(before, select, allowed, typeName)) !== JSON.stringify(sel);
      if (changed || memberChanges.length > 0) entries.push({ obj: sel, ...(wantMembers ? { members: memberChanges } : {}) });
    }
    return { entries, index: 0, memberOffset: 0, snapshot: current, wantMembers, ...(select ? { select } : {}) };
  }

  /** Next page of a round, with a nextLink (more pages) or a deltaLink (round finished). */
  page(round: Round, linkBase: string): { value: Record<string, unknown>[]; nextLink?: string; deltaLink?: string } {
    const value: Record<string, unknown>[] = [];
    let links = 0;
    while (round.index < round.entries.length && value.length < this.limits.objects) {
      const e = round.entries[round.index]!;
      if (!e.members) {
        value.push(e.obj);
        round.index++;
        continue;
      }
      const rest = e.members.slice(round.memberOffset);
      const room = this.limits.links - links;
      if (rest.length > 0 && room <= 0) break;
      const part = rest.slice(0, room);
      value.push({ ...(round.memberOffset === 0 ? e.obj : { id: e.obj.id }), 'members@delta': part });
      links += part.length;
      if (part.length < rest.length) {
        round.memberOffset += part.length;
        break;
      }
      round.index++;
      round.memberOffset = 0;
    }
    if (round.index < round.entries.length) return { value, nextLink: `${linkBase}?$skiptoken=${this.rounds.issue(round)}` };
    return {
      value,
      deltaLink: `${linkBase}?$deltatoken=${this.links.issue({ snapshot: round.snapshot, wantMembers: round.wantMembers, ...(round.select ? { select: round.select } : {}) })}`,
    };
  }
}
