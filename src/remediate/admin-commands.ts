import type { RuleContext } from '../engine/context.js';
import type { AccountNode, GroupNode } from '../estate/estate.js';
import type { Removal } from './removal.js';

/**
 * Text of what an administrator would run, with the Microsoft Learn page that documents it. demarc
 * never runs these. Each page was checked for the syntax used here: Remove-ADGroupMember -Identity
 * <group> -Members <principal>; DELETE /groups/{id}/members/{id}/$ref; POST
 * /roleManagement/directory/role{Eligibility,Assignment}ScheduleRequests with action adminRemove,
 * principalId, roleDefinitionId, directoryScopeId; POST
 * /identityGovernance/privilegedAccess/group/{eligibility,assignment}ScheduleRequests with accessId
 * (member or owner), principalId, groupId, action adminRemove; DELETE /groups/{id}/owners/{id}/$ref
 * (and on /servicePrincipals and /applications); Disable-ADAccount -Identity; PATCH /users/{id} with
 * accountEnabled false; DELETE /policies/crossTenantAccessPolicy/partners/{tenantId}.
 */
export interface CommandText {
  text: string;
  doc: string;
}

const GRAPH = 'https://graph.microsoft.com/v1.0';
const DOC = {
  adRemoveMember: 'https://learn.microsoft.com/en-us/powershell/module/activedirectory/remove-adgroupmember',
  graphRemoveMember: 'https://learn.microsoft.com/en-us/graph/api/group-delete-members',
  roleEligibility: 'https://learn.microsoft.com/en-us/graph/api/rbacapplication-post-roleeligibilityschedulerequests',
  roleAssignment: 'https://learn.microsoft.com/en-us/graph/api/rbacapplication-post-roleassignmentschedulerequests',
  groupEligibility: 'https://learn.microsoft.com/en-us/graph/api/privilegedaccessgroup-post-eligibilityschedulerequests',
  groupAssignment: 'https://learn.microsoft.com/en-us/graph/api/privilegedaccessgroup-post-assignmentschedulerequests',
  groupOwner: 'https://learn.microsoft.com/en-us/graph/api/group-delete-owners',
  spOwner: 'https://learn.microsoft.com/en-us/graph/api/serviceprincipal-delete-owners',
  appOwner: 'https://learn.microsoft.com/en-us/graph/api/application-delete-owners',
  adManagedBy: 'https://learn.microsoft.com/en-us/powershell/module/activedirectory/set-adgroup',
  adDisable: 'https://learn.microsoft.com/en-us/powershell/module/activedirectory/disable-adaccount',
  userUpdate: 'https://learn.microsoft.com/en-us/graph/api/user-update',
  adTrust:
    'https://learn.microsoft.com/en-us/dotnet/api/system.directoryservices.activedirectory.domain.deletelocalsideoftrustrelationship',
  crossTenantPartner: 'https://learn.microsoft.com/en-us/graph/api/crosstenantaccesspolicyconfigurationpartner-delete',
} as const;

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Entra sources are named by a tenant; everything else demarc reads is Active Directory or LDAP. */
export const isEntra = (ctx: RuleContext, source: string): boolean => {
  const s = ctx.estate.sources.find((x) => x.id === source);
  return s?.kind === 'entra' || !!s?.origin.tenantId;
};

/** How Active Directory cmdlets name a principal: DN, else sAMAccountName, else its SID or id. */
function adIdentity(p: AccountNode | GroupNode): string {
  return p.dn ?? (p.kind === 'account' ? p.samAccountName : undefined) ?? p.sid ?? p.id;
}

export function adminCommands(ctx: RuleContext, r: Removal): CommandText[] {
  const ps = ctx.estate.principals;
  const P = ctx.graph.principalCount;
  switch (r.type) {
    case 'member': {
      const g = ps.at(r.group) as GroupNode;
      const m = ps.at(r.member) as AccountNode | GroupNode;
      if (isEntra(ctx, g.source)) return [{ text: `DELETE ${GRAPH}/groups/${g.id}/members/${m.id}/$ref`, doc: DOC.graphRemoveMember }];
      // A member of another forest is named by its SID (it is a foreign security principal here).
      const member = m.source === g.source ? adIdentity(m) : (m.sid ?? m.id);
      return [
        { text: `Remove-ADGroupMember -Identity ${q(adIdentity(g))} -Members ${q(member)} -Confirm:$false`, doc: DOC.adRemoveMember },
      ];
    }
    case 'role': {
      const role = ctx.graph.roles[r.role - P]!;
      const m = ps.at(r.member);
      const body = JSON.stringify({
        action: 'adminRemove',
        principalId: m.id,
        roleDefinitionId: role.roleId,
        directoryScopeId: role.scope || '/',
        justification: 'segregation remediation',
      });
      return r.state === 'eligible'
        ? [{ text: `POST ${GRAPH}/roleManagement/directory/roleEligibilityScheduleRequests ${body}`, doc: DOC.roleEligibility }]
        : [{ text: `POST ${GRAPH}/roleManagement/directory/roleAssignmentScheduleRequests ${body}`, doc: DOC.roleAssignment }];
    }
    case 'group-assignment': {
      const g = ps.at(r.group);
      const m = ps.at(r.member);
      const body = JSON.stringify({ accessId: r.access, principalId: m.id, groupId: g.id, action: 'adminRemove' });
      const out: CommandText[] = [];
      if (r.state !== 'active')
        out.push({
          text: `POST ${GRAPH}/identityGovernance/privilegedAccess/group/eligibilityScheduleRequests ${body}`,
          doc: DOC.groupEligibility,
        });
      if (r.state !== 'eligible')
        out.push({
          text: `POST ${GRAPH}/identityGovernance/privilegedAccess/group/assignmentScheduleRequests ${body}`,
          doc: DOC.groupAssignment,
        });
      return out;
    }
    case 'owner': {
      const of = ps.at(r.of) as AccountNode | GroupNode;
      const o = ps.at(r.owner);
      const out: CommandText[] = [];
      if (of.kind === 'group') {
        if (isEntra(ctx, of.source)) out.push({ text: `DELETE ${GRAPH}/groups/${of.id}/owners/${o.id}/$ref`, doc: DOC.groupOwner });
        else out.push({ text: `Set-ADGroup -Identity ${q(adIdentity(of))} -Clear managedBy`, doc: DOC.adManagedBy });
        return out;
      }
      if ((of.ownerRefs ?? []).includes(r.owner))
        out.push({ text: `DELETE ${GRAPH}/servicePrincipals/${of.id}/owners/${o.id}/$ref`, doc: DOC.spOwner });
      const appId = of.appId?.toLowerCase();
      for (const ap of ctx.estate.applications)
        if (appId && ap.appId.toLowerCase() === appId && ap.ownerRefs.includes(r.owner))
          out.push({ text: `DELETE ${GRAPH}/applications/${ap.id}/owners/${o.id}/$ref  (in ${ap.source})`, doc: DOC.appOwner });
      return out;
    }
    case 'disable': {
      const a = ps.at(r.account) as AccountNode;
      return isEntra(ctx, a.source)
        ? [{ text: `PATCH ${GRAPH}/users/${a.id} {"accountEnabled":false}`, doc: DOC.userUpdate }]
        : [{ text: `Disable-ADAccount -Identity ${q(adIdentity(a))}`, doc: DOC.adDisable }];
    }
    case 'link':
      return r.kind === 'ad-trust'
        ? [
            {
              text: `([System.DirectoryServices.ActiveDirectory.Domain]::GetCurrentDomain()).DeleteLocalSideOfTrustRelationship(${q(r.partner)})  (on ${r.source})`,
              doc: DOC.adTrust,
            },
          ]
        : [
            {
              text: `DELETE ${GRAPH}/policies/crossTenantAccessPolicy/partners/${r.partner}  (in ${r.source})`,
              doc: DOC.crossTenantPartner,
            },
          ];
  }
}
