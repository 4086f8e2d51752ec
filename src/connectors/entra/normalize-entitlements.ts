import type { Application, DirectoryLink, RoleAssignment } from '../../model/entitlement.js';
import type { Account } from '../../model/principal.js';
import type {
  RawApplication,
  RawCrossTenantPartner,
  RawGroup,
  RawGroupEligibility,
  RawRoleAssignment,
  RawRoleDefinition,
  RawSchedule,
} from './graph-types.js';
import { byId } from './normalize-principals.js';

const endOf = (s: RawSchedule['scheduleInfo']): string | null => s?.expiration?.endDateTime ?? null;

export function directoryRoles(
  source: string,
  definitions: readonly RawRoleDefinition[],
  active: readonly RawRoleAssignment[],
  eligible: readonly RawSchedule[],
): RoleAssignment[] {
  const names = new Map(definitions.map((d) => [d.id, d.displayName ?? d.id]));
  // Assignments may name a role by its template id; built-in definitions share id and templateId.
  for (const d of definitions) if (d.templateId && !names.has(d.templateId)) names.set(d.templateId, d.displayName ?? d.id);
  const one = (a: RawRoleAssignment, state: RoleAssignment['state'], endsAt?: string | null): RoleAssignment => ({
    source,
    id: `${state}:${a.id}`,
    roleId: a.roleDefinitionId,
    roleName: names.get(a.roleDefinitionId) ?? a.roleDefinitionId,
    principal: a.principalId,
    scope: a.directoryScopeId ?? '/',
    state,
    assignmentKind: 'directory-role',
    ...(endsAt !== undefined ? { endsAt } : {}),
  });
  return [...active.map((a) => one(a, 'active')), ...eligible.map((e) => one(e, 'eligible', endOf(e.scheduleInfo)))].sort(byId);
}

/** PIM for groups: an eligible membership or ownership is held like the real one (it can be activated at will). */
export function groupEligibilities(
  source: string,
  schedules: readonly RawGroupEligibility[],
  groups: ReadonlyMap<string, RawGroup>,
): RoleAssignment[] {
  return schedules
    .map((s): RoleAssignment => ({
      source,
      id: `eligible-group:${s.id}`,
      roleId: s.groupId,
      roleName: groups.get(s.groupId)?.displayName ?? s.groupId,
      principal: s.principalId,
      scope: '/',
      state: 'eligible',
      assignmentKind: s.accessId === 'owner' ? 'group-owner' : 'group-member',
      endsAt: endOf(s.scheduleInfo),
    }))
    .sort(byId);
}

export const applications = (source: string, apps: readonly RawApplication[]): Application[] =>
  apps
    .map((a) => ({
      source,
      id: a.id,
      appId: a.appId ?? a.id,
      name: a.displayName ?? a.appId ?? a.id,
      ...(a.signInAudience ? { signInAudience: a.signInAudience } : {}),
      owners: (a.owners ?? []).map((o) => o.id).sort(),
    }))
    .sort(byId);

const configured = (v: unknown): boolean => v !== null && v !== undefined;

/** Cross-tenant access partners: a configured inbound setting lets the partner's users in, outbound lets ours out. */
export function partnerLinks(source: string, partners: readonly RawCrossTenantPartner[]): DirectoryLink[] {
  return partners
    .map((p): DirectoryLink => {
      const inbound =
        [p.inboundTrust, p.b2bCollaborationInbound, p.b2bDirectConnectInbound].some(configured) ||
        p.automaticUserConsentSettings?.inboundAllowed === true;
      const outbound =
        [p.b2bCollaborationOutbound, p.b2bDirectConnectOutbound].some(configured) ||
        p.automaticUserConsentSettings?.outboundAllowed === true;
      const attributes: Record<string, string> = {};
      for (const key of [
        'inboundTrust',
        'b2bCollaborationInbound',
        'b2bCollaborationOutbound',
        'b2bDirectConnectInbound',
        'b2bDirectConnectOutbound',
      ] as const) {
        if (configured(p[key])) attributes[key] = JSON.stringify(p[key]);
      }
      if (p.isServiceProvider) attributes.isServiceProvider = 'true';
      return {
        source,
        id: `cross-tenant:${p.tenantId}`,
        kind: 'entra-cross-tenant',
        partner: p.tenantId,
        direction: inbound && outbound ? 'bidirectional' : inbound ? 'inbound' : outbound ? 'outbound' : 'unknown',
        ...(Object.keys(attributes).length ? { attributes } : {}),
      };
    })
    .sort(byId);
}

/** One inbound link per home domain of the tenant's B2B guests: guests are a path into the directory. */
export function guestDomainLinks(source: string, accounts: readonly Account[]): DirectoryLink[] {
  const counts = new Map<string, number>();
  for (const a of accounts) if (a.type === 'guest' && a.homeTenant) counts.set(a.homeTenant, (counts.get(a.homeTenant) ?? 0) + 1);
  return [...counts]
    .map(([domain, n]): DirectoryLink => ({
      source,
      id: `b2b-guest-domain:${domain}`,
      kind: 'entra-b2b-guest-domain',
      partner: domain,
      direction: 'inbound',
      attributes: { guests: String(n) },
    }))
    .sort(byId);
}
