import type { Estate } from '../estate/estate.js';
import { ridOf } from '../estate/principals.js';
import { adjacencyByFrom } from './csr.js';

/** How a holder reaches what it holds; stored per edge, shown in chains. */
export const VIA = ['member', 'primary-group', 'foreign-principal', 'role-active', 'role-eligible', 'owner', 'group-owner'] as const;
export type Via = (typeof VIA)[number];
const viaCode = (v: Via): number => VIA.indexOf(v);

/**
 * A directory role as an entitlement node: one per (source, role definition, scope). A role assigned
 * over an administrative unit ("/administrativeUnits/<id>") grants its permissions over that unit's
 * members only, so it is a node of its own, never the tenant-wide ("/") one.
 */
export interface RoleEntitlement {
  source: string;
  roleId: string;
  /** The role's name, with the scope when it is not tenant-wide (shown in chains). */
  name: string;
  /** The role definition's own name, which selectors match. */
  roleName: string;
  scope: string;
}

/** "User Administrator", or "User Administrator (administrative unit <id>)" for a scoped assignment. */
export function scopedRoleName(roleName: string, scope: string): string {
  if (scope === '/' || scope === '') return roleName;
  const au = /^\/administrativeUnits\/(.+)$/i.exec(scope);
  return au ? `${roleName} (administrative unit ${au[1]})` : `${roleName} (scope ${scope})`;
}

/**
 * The entitlement graph: nodes are the estate's principals followed by one node per directory role;
 * an edge `holder -> granted` means holding `holder` gives `granted` (member of group, owner of a
 * group or of a service principal, assignee of a role, foreign principal standing for an account of another forest).
 * Stored as compressed adjacency (CSR) in typed arrays: ~9 bytes per edge, no per-edge objects.
 */
export interface AccessGraph {
  nodeCount: number;
  principalCount: number;
  roles: RoleEntitlement[];
  start: Int32Array;
  to: Int32Array;
  via: Uint8Array;
  /** Foreign principals resolved by SID to a principal of another source: foreign index -> target. */
  foreignTarget: Map<number, number>;
  /** Holder lists (granted -> holders), for walking downward; see reverse.ts. */
  holders: ReverseGraph;
}

/** Holder lists in compressed form: the holders of node v are from[start[v]..start[v + 1]). */
export interface ReverseGraph {
  start: Int32Array;
  from: Int32Array;
}

class EdgeList {
  from: Int32Array;
  to: Int32Array;
  via: Uint8Array;
  n = 0;
  constructor(capacity: number) {
    this.from = new Int32Array(Math.max(16, capacity));
    this.to = new Int32Array(Math.max(16, capacity));
    this.via = new Uint8Array(Math.max(16, capacity));
  }
  add(f: number, t: number, v: Via): void {
    if (this.n === this.from.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.from = grow(this.from);
      this.to = grow(this.to);
      this.via = grow(this.via);
    }
    this.from[this.n] = f;
    this.to[this.n] = t;
    this.via[this.n++] = viaCode(v);
  }
  /** A group's members: the bulk of the edges, added without a call per edge. */
  addMembers(members: ArrayLike<number>, group: number): void {
    if (this.n + members.length > this.from.length) {
      for (let k = 0; k < members.length; k++) this.add(members[k]!, group, 'member');
      return;
    }
    let n = this.n;
    for (let k = 0; k < members.length; k++) {
      this.from[n] = members[k]!;
      this.to[n++] = group;
    }
    // MEMBER is 0, which a fresh typed array already holds.
    this.via.fill(MEMBER, this.n, n);
    this.n = n;
  }
}
const MEMBER = viaCode('member');

export function buildAccessGraph(estate: Estate, now: Date): AccessGraph {
  const ps = estate.principals;
  const P = ps.length;
  // Sized up front from the member and owner lists, so the 10M-edge case never copies.
  let capacity = estate.roleAssignments.length;
  for (let i = 0; i < P; i++) capacity += (ps.kind(i) === 'group' ? ps.members(i).length : 1) + ps.ownerRefs(i).length;
  for (const a of estate.applications) capacity += a.ownerRefs.length;
  const edges = new EdgeList(capacity);
  // SIDs are looked up only for foreign principals and primary groups: index just those, not every principal.
  const foreignSids = new Set<string>();
  let needGroupIds = false;
  for (let i = 0; i < P; i++) {
    if (ps.kind(i) !== 'foreign') continue;
    const sid = ps.str(i, 'sid');
    if (sid) foreignSids.add(sid.toUpperCase());
  }
  for (const r of estate.roleAssignments) needGroupIds ||= r.assignmentKind !== 'directory-role';
  // Only principals whose RID someone asks for (a primary group ID, or a foreign principal's RID) can be
  // looked up by SID; the RID is read without building the SID string, so most are passed over cheaply.
  const wantedRids = new Set<number>();
  for (const sid of foreignSids) wantedRids.add(ridOf(sid));
  for (let i = 0; i < P; i++) {
    const rid = ps.primaryGroupId(i);
    if (rid !== undefined) wantedRids.add(rid);
  }
  const sidIndex = new Map<string, number>();
  const groupById = new Map<string, number>();
  for (let i = 0; i < P; i++) {
    const kind = ps.kind(i);
    if (kind === 'foreign' || (kind === 'account' && foreignSids.size === 0)) continue;
    if (needGroupIds && kind === 'group') groupById.set(`${ps.source(i)}\0${ps.str(i, 'id')}`, i);
    if (!wantedRids.has(ps.sidRid(i))) continue;
    const sid = ps.str(i, 'sid')!.toUpperCase();
    if (kind === 'group' || foreignSids.has(sid)) sidIndex.set(sid, i);
  }

  const foreignTarget = new Map<number, number>();
  // Primary groups: accounts of one domain share the domain SID; look each (domain, RID) up once.
  const primaryGroups = new Map<string, Map<number, number>>();
  const primaryGroup = (domain: string, rid: number): number => {
    let byRid = primaryGroups.get(domain);
    if (!byRid) primaryGroups.set(domain, (byRid = new Map<number, number>()));
    let g = byRid.get(rid);
    if (g === undefined) {
      const hit = sidIndex.get(`${domain}-${rid}`.toUpperCase());
      g = hit !== undefined && ps.grantsAccess(hit) ? hit : -1;
      byRid.set(rid, g);
    }
    return g;
  };
  for (let i = 0; i < P; i++) {
    const kind = ps.kind(i);
    if (kind === 'group') {
      // Distribution and Microsoft 365 groups grant nothing: no edge leads into them.
      if (ps.grantsAccess(i)) {
        edges.addMembers(ps.members(i), i);
        // Whoever can change the membership can add themselves: an owner holds what the group holds.
        for (const o of ps.ownerRefs(i)) edges.add(o, i, 'group-owner');
      }
    } else if (kind === 'foreign') {
      const sid = ps.str(i, 'sid');
      const t = sid ? sidIndex.get(sid.toUpperCase()) : undefined;
      if (t !== undefined && ps.source(t) !== ps.source(i)) {
        foreignTarget.set(i, t);
        edges.add(t, i, 'foreign-principal');
      }
    } else {
      const rid = ps.primaryGroupId(i);
      const domain = rid === undefined ? undefined : ps.sidDomain(i);
      if (domain !== undefined) {
        const g = primaryGroup(domain, rid!);
        if (g >= 0) edges.add(i, g, 'primary-group');
      }
      for (const o of ps.ownerRefs(i)) edges.add(o, i, 'owner');
    }
  }

  const roles: RoleEntitlement[] = [];
  const roleNode = new Map<string, number>();
  const nowMs = now.getTime();
  for (const r of estate.roleAssignments) {
    if (r.endsAt && Date.parse(r.endsAt) < nowMs) continue;
    const via: Via = r.state === 'eligible' ? 'role-eligible' : 'role-active';
    if (r.assignmentKind === 'directory-role') {
      const scope = r.scope || '/';
      const key = `${r.source}\0${r.roleId}\0${scope}`;
      let node = roleNode.get(key);
      if (node === undefined) {
        const role = { source: r.source, roleId: r.roleId, name: scopedRoleName(r.roleName, scope), roleName: r.roleName, scope };
        node = P + roles.push(role) - 1;
        roleNode.set(key, node);
      }
      edges.add(r.p, node, via);
    } else {
      // PIM for groups: eligible membership or ownership of a group counts as holding the group.
      const g = groupById.get(`${r.source}\0${r.roleId}`);
      if (g !== undefined) edges.add(r.p, g, r.assignmentKind === 'group-owner' ? 'owner' : via);
    }
  }
  const spByApp = new Map<string, number>();
  if (estate.applications.length > 0) {
    for (let i = 0; i < P; i++) {
      const appId = ps.isAccount(i) ? ps.str(i, 'appId') : undefined;
      if (appId) spByApp.set(`${ps.source(i)}\0${appId}`, i);
    }
  }
  for (const app of estate.applications) {
    const sp = spByApp.get(`${app.source}\0${app.appId}`);
    if (sp !== undefined) for (const o of app.ownerRefs) edges.add(o, sp, 'owner');
  }

  const N = P + roles.length;
  const { start, to, via } = adjacencyByFrom(edges.from, edges.to, edges.via, edges.n, N);
  // Holder lists from the same edge list: members were added group by group, so this pass writes
  // almost in order (building them from the adjacency above would scatter every write).
  const hstart = new Int32Array(N + 1);
  for (let e = 0; e < edges.n; e++) hstart[edges.to[e]! + 1]!++;
  for (let v = 0; v < N; v++) hstart[v + 1]! += hstart[v]!;
  const hfill = hstart.slice(0, N);
  const hfrom = new Int32Array(edges.n);
  for (let e = 0; e < edges.n; e++) hfrom[hfill[edges.to[e]!]!++] = edges.from[e]!;
  return { nodeCount: N, principalCount: P, roles, start, to, via, foreignTarget, holders: { start: hstart, from: hfrom } };
}
