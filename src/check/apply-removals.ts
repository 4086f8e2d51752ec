import type { AccountNode, ApplicationNode, Estate, GroupNode, PrincipalNode, RoleNode } from '../estate/estate.js';
import type { DirectoryLink } from '../model/entitlement.js';
import { InputError } from '../util/errors.js';
import type { Plan } from './plan-schema.js';
import { findPrincipal, splitRef } from './principal-refs.js';

/** What applyPlan shares with the removals: the records being edited and its reference helpers. */
export interface RemovalScope {
  estate: Estate;
  view: () => Estate;
  principals: PrincipalNode[];
  roleAssignments: RoleNode[];
  memberOf: (ref: string | undefined, source: string, path: string) => number;
  label: (i: number) => string;
  file?: string;
  setApplications: (apps: ApplicationNode[]) => void;
  setLinks: (links: DirectoryLink[]) => void;
}

/**
 * The removals beside memberships (a remediation's steps): role assignments by state, PIM for groups
 * assignments, ownerships, account disabling, trusts. Each must remove something that exists: a step
 * that silently did nothing would let a plan pass that changes nothing.
 */
export function removeAccess(plan: Plan, s: RemovalScope): { changes: string[]; touched: number[] } {
  const { principals, roleAssignments, file } = s;
  const changes: string[] = [];
  const touched: number[] = [];
  const dropAssignments = (match: (r: RoleNode) => boolean, path: string, what: string): void => {
    let n = 0;
    for (let k = roleAssignments.length - 1; k >= 0; k--) {
      if (!match(roleAssignments[k]!)) continue;
      roleAssignments.splice(k, 1);
      n++;
    }
    if (n === 0) throw new InputError(`no ${what} to remove`, { file, path }, 'a plan can only remove existing assignments');
  };

  plan.removeRoles.forEach((r, k) => {
    const path = `removeRoles[${k}]`;
    const { source, name } = splitRef(s.estate, r.role);
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
    const g = findPrincipal(s.view(), r.group, ['group'], `${path}.group`, file);
    const group = principals[g] as GroupNode;
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

  let applications = s.estate.applications;
  plan.removeOwners.forEach((r, k) => {
    const path = `removeOwners[${k}]`;
    const o = findPrincipal(s.view(), r.owner, ['account', 'group'], `${path}.owner`, file);
    const of = findPrincipal(s.view(), r.of, ['account', 'group'], `${path}.of`, file);
    const node = principals[of] as AccountNode | GroupNode;
    let n = 0;
    if (node.ownerRefs?.includes(o)) {
      principals[of] = { ...node, ownerRefs: node.ownerRefs.filter((x) => x !== o) };
      n++;
    }
    // Owners of a service principal's application own it too (in whichever tenant it is registered).
    const appId = node.kind === 'account' ? node.appId?.toLowerCase() : undefined;
    if (appId) {
      applications = applications.map((a) => {
        if (a.appId.toLowerCase() !== appId || !a.ownerRefs.includes(o)) return a;
        n++;
        return { ...a, ownerRefs: a.ownerRefs.filter((x) => x !== o) };
      });
    }
    if (n === 0)
      throw new InputError(`${s.label(o)} does not own ${s.label(of)}`, { file, path }, 'a plan can only remove existing owners');
    touched.push(o);
    changes.push(`remove owner ${s.label(o)} of ${s.label(of)}`);
  });
  s.setApplications(applications);

  plan.disableAccounts.forEach((ref, k) => {
    const path = `disableAccounts[${k}]`;
    const a = findPrincipal(s.view(), ref, ['account'], path, file);
    const acc = principals[a] as AccountNode;
    if (!acc.enabled) throw new InputError(`${s.label(a)} is already disabled`, { file, path }, 'remove this entry from the plan');
    principals[a] = { ...acc, enabled: false };
    touched.push(a);
    changes.push(`disable account ${s.label(a)}`);
  });

  let links = s.estate.links;
  plan.removeLinks.forEach((r, k) => {
    const path = `removeLinks[${k}]`;
    const partner = r.partner.toLowerCase();
    const kept = links.filter((l) => !(l.source === r.source && l.partner.toLowerCase() === partner));
    if (kept.length === links.length)
      throw new InputError(`source ${r.source} has no trust or cross-tenant policy with ${r.partner}`, { file, path });
    links = kept;
    changes.push(`remove the trust or cross-tenant policy of ${r.source} with ${r.partner}`);
  });
  s.setLinks(links);
  return { changes, touched };
}
