import type { Estate } from '../estate/estate.js';
import { grantsAccess } from '../model/principal.js';

/** How a holder reaches what it holds; stored per edge, shown in chains. */
export const VIA = ['member', 'primary-group', 'foreign-principal', 'role-active', 'role-eligible', 'owner'] as const;
export type Via = (typeof VIA)[number];
const viaCode = (v: Via): number => VIA.indexOf(v);

/** A directory role as an entitlement node: one per (source, role definition). */
export interface RoleEntitlement {
  source: string;
  roleId: string;
  name: string;
}

/**
 * The entitlement graph: nodes are the estate's principals followed by one node per directory role;
 * an edge `holder -> granted` means holding `holder` gives `granted` (member of group, owner of a
 * service principal, assignee of a role, foreign principal standing for an account of another forest).
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
}

export function buildAccessGraph(estate: Estate, now: Date): AccessGraph {
  const P = estate.principals.length;
  // Sized up front from the member lists, so the 10M-edge case never copies.
  let capacity = estate.roleAssignments.length;
  for (const p of estate.principals) capacity += p.kind === 'group' ? p.members.length : p.kind === 'account' ? 1 + (p.ownerRefs?.length ?? 0) : 1;
  for (const a of estate.applications) capacity += a.ownerRefs.length;
  const edges = new EdgeList(capacity);
  // SIDs are looked up only for foreign principals and primary groups: index just those, not every principal.
  const foreignSids = new Set<string>();
  let needGroupIds = false;
  for (const p of estate.principals) if (p.kind === 'foreign' && p.sid) foreignSids.add(p.sid.toUpperCase());
  for (const r of estate.roleAssignments) needGroupIds ||= r.assignmentKind !== 'directory-role';
  const sidIndex = new Map<string, number>();
  const groupById = new Map<string, number>();
  estate.principals.forEach((p, i) => {
    if (p.kind === 'foreign') return;
    if (p.sid && (p.kind === 'group' || foreignSids.has(p.sid.toUpperCase()))) sidIndex.set(p.sid.toUpperCase(), i);
    if (needGroupIds && p.kind === 'group') groupById.set(`${p.source}\0${p.id}`, i);
  });

  const foreignTarget = new Map<number, number>();
  estate.principals.forEach((p, i) => {
    if (p.kind === 'group') {
      // Distribution and Microsoft 365 groups grant nothing: no edge leads into them.
      if (!grantsAccess(p)) return;
      for (const m of p.members) edges.add(m, i, 'member');
    } else if (p.kind === 'foreign') {
      const t = p.sid ? sidIndex.get(p.sid.toUpperCase()) : undefined;
      if (t !== undefined && estate.principals[t]!.source !== p.source) {
        foreignTarget.set(i, t);
        edges.add(t, i, 'foreign-principal');
      }
    } else {
      if (p.primaryGroupId !== undefined && p.sid) {
        const domainSid = p.sid.slice(0, p.sid.lastIndexOf('-'));
        const g = sidIndex.get(`${domainSid}-${p.primaryGroupId}`.toUpperCase());
        const gp = g === undefined ? undefined : estate.principals[g];
        if (gp?.kind === 'group' && grantsAccess(gp)) edges.add(i, g!, 'primary-group');
      }
      for (const o of p.ownerRefs ?? []) edges.add(o, i, 'owner');
    }
  });

  const roles: RoleEntitlement[] = [];
  const roleNode = new Map<string, number>();
  const nowMs = now.getTime();
  for (const r of estate.roleAssignments) {
    if (r.endsAt && Date.parse(r.endsAt) < nowMs) continue;
    const via: Via = r.state === 'eligible' ? 'role-eligible' : 'role-active';
    if (r.assignmentKind === 'directory-role') {
      const key = `${r.source}\0${r.roleId}`;
      let node = roleNode.get(key);
      if (node === undefined) {
        node = P + roles.push({ source: r.source, roleId: r.roleId, name: r.roleName }) - 1;
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
  estate.principals.forEach((p, i) => {
    if (p.kind === 'account' && p.appId) spByApp.set(`${p.source}\0${p.appId}`, i);
  });
  for (const app of estate.applications) {
    const sp = spByApp.get(`${app.source}\0${app.appId}`);
    if (sp !== undefined) for (const o of app.ownerRefs) edges.add(o, sp, 'owner');
  }

  const N = P + roles.length;
  const start = new Int32Array(N + 1);
  for (let e = 0; e < edges.n; e++) start[edges.from[e]! + 1]!++;
  for (let v = 0; v < N; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, N);
  const to = new Int32Array(edges.n);
  const via = new Uint8Array(edges.n);
  for (let e = 0; e < edges.n; e++) {
    const k = fill[edges.from[e]!]!++;
    to[k] = edges.to[e]!;
    via[k] = edges.via[e]!;
  }
  return { nodeCount: N, principalCount: P, roles, start, to, via, foreignTarget };
}
