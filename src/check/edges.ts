import { memberOfIndex } from '../estate/member-of.js';
import { ridOf } from '../estate/principals.js';
import type { EstateOverlay } from './overlay.js';

const push = (m: Map<number, number[]>, k: number, v: number): void => {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
};

/**
 * The entitlement graph's edges around the nodes the region walk visits, read from the estate's own
 * tables instead of building the graph of the whole estate (engine/access-graph.ts, whose edges these
 * mirror: membership of granting groups, group and application ownership, primary groups, foreign
 * principals by SID, PIM for groups assignments; directory roles are sinks and hold nothing). Where an
 * exact edge would cost a lookup the engine makes with an index of every principal, a superset is
 * taken (every principal with the SID, expired assignments too): the region only has to be closed,
 * and a larger region gives the same answer. Each index is built on first use, from typed columns.
 */
export class EstateEdges {
  private memberOfStart: Int32Array | undefined;
  private memberOfTo: Int32Array | undefined;
  private owned: Map<number, number[]> | undefined;
  private ownerOf: Map<number, number[]> | undefined;
  private pimHeld: Map<number, number[]> | undefined;
  private pimHolders: Map<number, number[]> | undefined;
  private foreignBySid: Map<string, number[]> | undefined;
  private bySid: Map<string, number[]> | undefined;
  private groupsByRid: Map<number, number[]> | undefined;
  private accountsByPgid: Map<number, number[]> | undefined;

  constructor(private readonly o: EstateOverlay) {}

  private get ps() {
    return this.o.base.principals;
  }

  /**
   * Groups each principal of the estate is a direct member of (granting groups only): from the snapshot's
   * index when it was read through one, else from one pass over the member lists.
   */
  private memberOf(v: number): ArrayLike<number> {
    if (!this.memberOfStart) {
      const { start, to } = this.ps.memberOf ?? memberOfIndex(this.ps);
      this.memberOfStart = start;
      this.memberOfTo = to;
    }
    if (v >= this.o.P) return [];
    return this.memberOfTo!.subarray(this.memberOfStart[v], this.memberOfStart[v + 1]);
  }

  /** Ownership edges owner -> owned: groups and accounts held as objects (raw lines carry no owners), and applications' service principals. */
  private ownership(): void {
    if (this.owned) return;
    const ps = this.ps;
    const owned = new Map<number, number[]>();
    const ownerOf = new Map<number, number[]>();
    const add = (owner: number, what: number): void => {
      push(owned, owner, what);
      push(ownerOf, what, owner);
    };
    for (let i = 0, n = ps.length; i < n; i++) {
      const owners = ps.ownerRefs(i);
      if (owners.length === 0 || (ps.kind(i) === 'group' && !ps.grantsAccess(i))) continue;
      for (const r of owners) add(r, i);
    }
    const apps = this.o.base.applications;
    if (apps.length > 0) {
      const byApp = new Map<string, number[]>();
      for (const a of apps) for (const r of a.ownerRefs) push2(byApp, `${a.source}\0${a.appId}`, r);
      for (let i = 0, n = ps.length; i < n; i++) {
        if (!ps.isAccount(i)) continue;
        const appId = ps.str(i, 'appId');
        if (appId) for (const r of byApp.get(`${ps.source(i)}\0${appId}`) ?? []) add(r, i);
      }
    }
    this.owned = owned;
    this.ownerOf = ownerOf;
  }

  /** PIM for groups assignments (eligible or active membership or ownership of a group, by group id). */
  private pim(): void {
    if (this.pimHeld) return;
    const held = new Map<number, number[]>();
    const holders = new Map<number, number[]>();
    const wanted = new Map<string, number[]>();
    for (const r of this.o.base.roleAssignments) if (r.assignmentKind !== 'directory-role') push2(wanted, `${r.source}\0${r.roleId}`, r.p);
    if (wanted.size > 0) {
      const ps = this.ps;
      for (let g = 0, n = ps.length; g < n; g++) {
        if (ps.kind(g) !== 'group') continue;
        for (const p of wanted.get(`${ps.source(g)}\0${ps.str(g, 'id')}`) ?? []) {
          push(held, p, g);
          push(holders, g, p);
        }
      }
    }
    this.pimHeld = held;
    this.pimHolders = holders;
  }

  /** Foreign principals by SID (the estate's and the plan's new ones). */
  private foreigns(sid: string): number[] {
    if (!this.foreignBySid) {
      const m = new Map<string, number[]>();
      const ps = this.ps;
      for (let i = 0, n = ps.length; i < n; i++) {
        if (ps.kind(i) !== 'foreign') continue;
        const s = ps.str(i, 'sid');
        if (s) push2(m, s.toUpperCase(), i);
      }
      this.o.added.forEach((p, k) => {
        if (p.kind === 'foreign' && p.sid) push2(m, p.sid.toUpperCase(), this.o.P + k);
      });
      this.foreignBySid = m;
    }
    return this.foreignBySid.get(sid) ?? [];
  }

  /** Accounts and groups (the estate's and the plan's new ones) with the SID a foreign principal names: only those SIDs are indexed, found by RID first. */
  withSid(sid: string): number[] {
    if (!this.bySid) {
      this.foreigns('');
      const wanted = new Set(this.foreignBySid!.keys());
      const rids = new Set([...wanted].map(ridOf));
      const m = new Map<string, number[]>();
      const ps = this.ps;
      if (wanted.size > 0) {
        for (let i = 0, n = ps.length; i < n; i++) {
          if (ps.kind(i) === 'foreign') continue;
          const rid = ps.sidRid(i);
          if (!rids.has(rid) && !(Number.isNaN(rid) && rids.has(NaN))) continue;
          const s = ps.str(i, 'sid')?.toUpperCase();
          if (s && wanted.has(s)) push2(m, s, i);
        }
      }
      this.o.added.forEach((p, k) => {
        if (p.kind !== 'foreign' && p.sid && wanted.has(p.sid.toUpperCase())) push2(m, p.sid.toUpperCase(), this.o.P + k);
      });
      this.bySid = m;
    }
    return this.bySid.get(sid) ?? [];
  }

  private sidOf(v: number): string | undefined {
    if (v >= this.o.P) {
      const p = this.o.node(v);
      return 'sid' in p ? p.sid?.toUpperCase() : undefined;
    }
    return this.ps.str(v, 'sid')?.toUpperCase();
  }

  /** A (granting) group that is an account's primary group: same domain SID, RID = primaryGroupId. */
  private primaryGroup(v: number): number[] {
    const ps = this.ps;
    const rid = ps.primaryGroupId(v);
    const domain = rid === undefined ? undefined : ps.sidDomain(v)?.toUpperCase();
    if (domain === undefined) return [];
    if (!this.groupsByRid) {
      this.groupsByRid = new Map();
      for (let g = 0, n = ps.length; g < n; g++) if (ps.grantsAccess(g)) push(this.groupsByRid, ps.sidRid(g), g);
    }
    return (this.groupsByRid.get(rid!) ?? []).filter((g) => ps.sidDomain(g)?.toUpperCase() === domain);
  }

  /** Accounts whose primary group is group g. */
  private primaryMembers(g: number): number[] {
    const ps = this.ps;
    if (!ps.grantsAccess(g)) return [];
    const rid = ps.sidRid(g);
    const domain = Number.isNaN(rid) ? undefined : ps.sidDomain(g)?.toUpperCase();
    if (domain === undefined) return [];
    if (!this.accountsByPgid) {
      this.accountsByPgid = new Map();
      for (let i = 0, n = ps.length; i < n; i++) {
        const r = ps.primaryGroupId(i);
        if (r !== undefined) push(this.accountsByPgid, r, i);
      }
    }
    return (this.accountsByPgid.get(rid) ?? []).filter((a) => ps.sidDomain(a)?.toUpperCase() === domain);
  }

  /** What principal v holds directly in the estate (v may be one of the plan's new principals: it then holds by SID only). */
  held(v: number): number[] {
    const out: number[] = [];
    const mo = this.memberOf(v);
    for (let k = 0; k < mo.length; k++) out.push(mo[k]!);
    const kind = this.o.kind(v);
    if (kind !== 'foreign') {
      const sid = this.sidOf(v);
      if (sid) for (const f of this.foreigns(sid)) if (this.o.source(f) !== this.o.source(v)) out.push(f);
    }
    if (v >= this.o.P) return out;
    if (kind === 'account') out.push(...this.primaryGroup(v));
    this.ownership();
    out.push(...(this.owned!.get(v) ?? []));
    this.pim();
    out.push(...(this.pimHeld!.get(v) ?? []));
    return out;
  }

  /** Who holds principal v directly in the estate (v one of the estate's principals). */
  holders(v: number): ArrayLike<number>[] {
    const ps = this.ps;
    const kind = ps.kind(v);
    const out: ArrayLike<number>[] = [];
    if (kind === 'group') {
      if (ps.grantsAccess(v)) out.push(ps.members(v), this.primaryMembers(v));
      this.pim();
      out.push(this.pimHolders!.get(v) ?? []);
    } else if (kind === 'foreign') {
      const sid = ps.str(v, 'sid')?.toUpperCase();
      if (sid) out.push(this.withSid(sid).filter((t) => t < this.o.P && ps.source(t) !== ps.source(v)));
    }
    this.ownership();
    out.push(this.ownerOf!.get(v) ?? []);
    return out;
  }
}

function push2(m: Map<string, number[]>, k: string, v: number): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
