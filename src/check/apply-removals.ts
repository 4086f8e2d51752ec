import type { AccountNode, GroupNode, RoleNode } from '../estate/estate.js';
import { InputError } from '../util/errors.js';
import type { EstateOverlay } from './overlay.js';
import type { Plan } from './plan-schema.js';
import { splitRef, type PrincipalLookup } from './principal-refs.js';

/** What applyPlan shares with the removals: the edits being made and its reference helpers. */
export interface RemovalScope {
  overlay: EstateOverlay;
  lookup: PrincipalLookup;
  memberOf: (ref: string | undefined, source: string, path: string) => number;
  label: (i: number) => string;
  file?: string;
}

/**
 * The removals beside memberships (a remediation's steps): role assignments by state, PIM for groups
 * assignments, ownerships, account disabling, trusts. Each must remove something that exists: a step
 * that silently did nothing would let a plan pass that changes nothing.
 */
export function removeAccess(plan: Plan, s: RemovalScope): { changes: string[]; touched: number[] } {
  const { overlay: o, file } = s;
  const { roleAssignments } = o;
  const changes: string[] = [];
  const touched: number[] = [];
  const dropAssignments = (match: (r: RoleNode) => boolean, path: string, what: string): void => {
    let n = 0;
    for (let k = roleAssignments.length - 1; k >= 0; k--) {
      if (!match(roleAssignments[k]!)) continue;
      roleAssignments.splice(k, 1);
      n++;
    }
    o.changed();
    if (n === 0) throw new InputError(`no ${what} to remove`, { file, path }, 'a plan can only remove existing assignments');
  };

  plan.removeRoles.forEach((r, k) => {
    const path = `removeRoles[${k}]`;
    const { source, name } = splitRef(o.base, r.role);
    const want = name.toLowerCase();
    const roleSource = roleAssignments.find(
      (x) =>
        x.assignmentKind === 'directory-role' &&
        (source === undefined || x.source === source) &&
        (x.roleId.toLowerCase() === want || x.roleName.toLowerCase() === want),
    )?.source;
    if (!roleSource) throw new InputError(`unknown directory role "${r.role}"`, { file, path: `${path}.role` });
    const m = s.memberOf(r.member, roleSource, path);
    dropAssignments(
      (x) =>
        x.assignmentKind === 'directory-role' &&
        x.source === roleSource &&
        x.p === m &&
        x.state === r.state &&
        (r.scope === undefined || (x.scope || '/') === r.scope) &&
        (x.roleId.toLowerCase() === want || x.roleName.toLowerCase() === want),
      path,
      `${r.state} assignment of ${r.role} to ${s.label(m)}`,
    );
    touched.push(m);
    changes.push(`remove ${r.state} role ${r.role}${r.scope ? ` (scope ${r.scope})` : ''} from ${s.label(m)}`);
  });

  plan.removeGroupAssignments.forEach((r, k) => {
    const path = `removeGroupAssignments[${k}]`;
    const g = s.lookup.find(r.group, ['group'], `${path}.group`, file);
    const group = o.node(g) as GroupNode;
    const m = s.memberOf(r.member, group.source, path);
    const kind = r.access === 'owner' ? 'group-owner' : 'group-member';
    dropAssignments(
      (x) =>
        x.assignmentKind === kind && x.source === group.source && x.roleId === group.id && x.p === m && (!r.state || x.state === r.state),
      path,
      `PIM for groups ${r.access} assignment of ${group.name} to ${s.label(m)}`,
    );
    touched.push(m);
    changes.push(
      `remove ${r.state ?? 'every'} PIM for groups ${r.access} assignment of ${s.label(m)} to group ${group.source}:${group.name}`,
    );
  });

  let applications = o.applications;
  plan.removeOwners.forEach((r, k) => {
    const path = `removeOwners[${k}]`;
    const owner = s.lookup.find(r.owner, ['account', 'group'], `${path}.owner`, file);
    const of = s.lookup.find(r.of, ['account', 'group'], `${path}.of`, file);
    const node = o.node(of) as AccountNode | GroupNode;
    let n = 0;
    if (node.ownerRefs?.includes(owner)) {
      o.set(of, { ...node, ownerRefs: node.ownerRefs.filter((x) => x !== owner) });
      n++;
    }
    // Owners of a service principal's application own it too (in whichever tenant it is registered).
    const appId = node.kind === 'account' ? node.appId?.toLowerCase() : undefined;
    if (appId) {
      applications = applications.map((a) => {
        if (a.appId.toLowerCase() !== appId || !a.ownerRefs.includes(owner)) return a;
        n++;
        return { ...a, ownerRefs: a.ownerRefs.filter((x) => x !== owner) };
      });
    }
    if (n === 0)
      throw new InputError(`${s.label(owner)} does not own ${s.label(of)}`, { file, path }, 'a plan can only remove existing owners');
    touched.push(owner);
    changes.push(`remove owner ${s.label(owner)} of ${s.label(of)}`);
  });
  o.applications = applications;

  plan.disableAccounts.forEach((ref, k) => {
    const path = `disableAccounts[${k}]`;
    const a = s.lookup.find(ref, ['account'], path, file);
    const acc = o.node(a) as AccountNode;
    if (!acc.enabled) throw new InputError(`${s.label(a)} is already disabled`, { file, path }, 'remove this entry from the plan');
    o.set(a, { ...acc, enabled: false });
    touched.push(a);
    changes.push(`disable account ${s.label(a)}`);
  });

  let links = o.links;
  plan.removeLinks.forEach((r, k) => {
    const path = `removeLinks[${k}]`;
    const partner = r.partner.toLowerCase();
    const kept = links.filter((l) => !(l.source === r.source && l.partner.toLowerCase() === partner));
    if (kept.length === links.length)
      throw new InputError(`source ${r.source} has no trust or cross-tenant policy with ${r.partner}`, { file, path });
    links = kept;
    changes.push(`remove the trust or cross-tenant policy of ${r.source} with ${r.partner}`);
  });
  o.links = links;
  o.changed();
  return { changes, touched };
}
