import { permissionsFor, props } from './collections.js';
import { DeltaService, snapshotOf } from './delta-rounds.js';
import { badRequest, forbidden, graphError, notFound, type EmulatorResponse } from './graph-errors.js';
import { applySelect, isResponse, PageTokens, pageOf, type Query } from './odata.js';
import { typeIndex, type EmulatedTenant, type GraphObject } from './tenant-model.js';

export interface RouteContext {
  tenant: EmulatedTenant;
  permissions: readonly string[];
  path: string;
  query: Query;
  /** `https://host:port/v1.0` for links. */
  root: string;
}

const ok = (body: unknown): EmulatorResponse => ({ status: 200, body });

/**
 * "With Microsoft Entra ID resources that derive from directoryObject, like user and group, $expand typically
 * returns a maximum of 20 items for the expanded relationship and has no @odata.nextLink"
 * (https://learn.microsoft.com/graph/query-parameters#expand-parameter).
 */
export const expandCap = 20;
/** Pages of a listing with `$expand` hold at most 100 objects (https://developer.microsoft.com/graph/known-issues/?search=13635). */
export const expandPageCap = 100;

/** An expanded navigation property: its name and the ids it holds for one object. */
interface Expansion {
  name: string;
  ids: (o: GraphObject) => readonly string[];
}

/** `$filter` clauses `field eq 'value'` joined by `and`; undefined when the filter has another shape. */
function eqClauses(filter: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  for (const clause of filter.split(/\s+and\s+/)) {
    const m = clause.trim().match(/^(\w+)\s+eq\s+'([^']*)'$/);
    if (!m) return undefined;
    out.push([m[1]!, m[2]!]);
  }
  return out;
}

/** GET endpoints of Graph v1.0 the connector uses, served from an in-memory tenant. */
export class GraphRoutes {
  private readonly pageTokens = new PageTokens<number>();
  private readonly indexes = new WeakMap<
    EmulatedTenant,
    { key: unknown[]; types: Map<string, string>; groups: Map<string, EmulatedTenant['groups'][number]> }
  >();

  constructor(readonly delta: DeltaService) {}

  /** Lookups by id, rebuilt when a test replaces or grows the tenant's arrays. */
  private index(t: EmulatedTenant) {
    const key = [t.users, t.users.length, t.groups, t.groups.length, t.servicePrincipals, t.servicePrincipals.length];
    let idx = this.indexes.get(t);
    if (!idx || idx.key.some((k, i) => k !== key[i])) {
      idx = { key, types: typeIndex(t), groups: new Map(t.groups.map((g) => [g.id, g])) };
      this.indexes.set(t, idx);
    }
    return idx;
  }

  private list<T>(
    c: RouteContext,
    items: readonly T[],
    allowed: ReadonlySet<string>,
    typeName: string,
    expand?: Expansion,
    view: (item: T) => GraphObject = (item) => item as GraphObject,
  ): EmulatorResponse {
    const top = c.query.top ?? 100;
    if (!Number.isInteger(top) || top < 1 || top > 999)
      return badRequest(`Invalid page size specified: '${c.query.top}'. Must be between 1 and 999 inclusive.`, 'Request_UnsupportedQuery');
    const size = expand ? Math.min(top, expandPageCap) : top;
    const types = this.index(c.tenant).types;
    const offset = c.query.skiptoken ? this.pageTokens.take(c.query.skiptoken) : 0;
    if (offset === undefined) return badRequest('The skiptoken is not valid.', 'Request_BadRequest');
    const { slice, nextLink } = pageOf(items, offset, size, this.pageTokens, `${c.root}${c.path}`, c.query);
    const value: unknown[] = [];
    for (const item of slice) {
      const o = view(item);
      const sel = applySelect(o, c.query.select, allowed, typeName);
      if (isResponse(sel)) return sel;
      // Capped, without a nextLink: the client must list the relationship itself when the cap is reached.
      const expanded = expand
        ? expand
            .ids(o)
            .filter((id) => types.has(id))
            .slice(0, expandCap)
            .map((id) => ({ '@odata.type': types.get(id), id }))
        : undefined;
      value.push(expand ? { ...sel, [expand.name]: expanded } : sel);
    }
    return ok({ '@odata.context': `${c.root}/$metadata#${c.path.slice(1)}`, value, ...(nextLink ? { '@odata.nextLink': nextLink } : {}) });
  }

  private refs(c: RouteContext, ids: readonly string[]): EmulatorResponse {
    const types = this.index(c.tenant).types;
    // Deleted objects are no longer members.
    return this.list(
      c,
      ids.filter((id) => types.has(id)),
      props.directoryObject,
      'directoryObject',
      undefined,
      (id) => ({ id, '@odata.type': types.get(id) ?? '#microsoft.graph.directoryObject' }),
    );
  }

  private startDelta(
    c: RouteContext,
    items: readonly (GraphObject & { members?: string[] })[],
    withMembers: boolean,
    allowed: ReadonlySet<string>,
    typeName: string,
  ) {
    const types = this.index(c.tenant).types;
    const exists = (id: string): boolean => types.has(id);
    return this.delta.start(
      snapshotOf(items, withMembers, exists),
      c.query,
      allowed,
      typeName,
      (id) => types.get(id) ?? '#microsoft.graph.directoryObject',
      exists,
    );
  }

  private deltaOf(
    c: RouteContext,
    items: readonly (GraphObject & { members?: string[] })[],
    withMembers: boolean,
    allowed: ReadonlySet<string>,
    typeName: string,
  ): EmulatorResponse {
    const round = c.query.skiptoken ? this.delta.rounds.take(c.query.skiptoken) : this.startDelta(c, items, withMembers, allowed, typeName);
    if (!round) return badRequest('The skiptoken is not valid.', 'Request_BadRequest');
    if (isResponse(round)) return round;
    const page = this.delta.page(round, `${c.root}${c.path}`);
    return ok({
      value: page.value,
      ...(page.nextLink ? { '@odata.nextLink': page.nextLink } : {}),
      ...(page.deltaLink ? { '@odata.deltaLink': page.deltaLink } : {}),
    });
  }

  /**
   * `$filter` of `field eq 'value'` clauses joined by `and`, on `filterable` properties. When `required`
   * names properties, one of them must be filtered on, or the answer is 400 `MissingParameters` with
   * `missingMessage` (what public clients report for PIM for groups).
   */
  private filtered(
    c: RouteContext,
    rows: readonly GraphObject[],
    filterable: readonly string[],
    required: { fields: readonly string[]; missingMessage: string } | undefined,
    allowed: ReadonlySet<string>,
    typeName: string,
  ): EmulatorResponse {
    const clauses = c.query.filter === undefined ? [] : eqClauses(c.query.filter);
    if (!clauses) return badRequest(`Invalid filter clause: '${c.query.filter}'.`, 'Request_UnsupportedQuery');
    const unsupported = clauses.find(([f]) => !filterable.includes(f));
    if (unsupported) return badRequest(`Filtering on '${unsupported[0]}' is not supported.`, 'Request_UnsupportedQuery');
    if (required && !clauses.some(([f]) => required.fields.includes(f))) return badRequest(required.missingMessage, 'MissingParameters');
    return this.list(
      c,
      rows.filter((x) => clauses.every(([f, v]) => x[f] === v)),
      allowed,
      typeName,
    );
  }

  /** The `$expand` asked for, among the navigation properties `navigable` of `typeName`; a response when refused. */
  private expansion(c: RouteContext, navigable: readonly string[], typeName: string): Expansion | EmulatorResponse | undefined {
    if (c.query.expand === undefined) return undefined;
    if (c.tenant.refuseExpand) return badRequest('Unsupported query.', 'Request_UnsupportedQuery');
    const name = c.query.expand.match(/^(\w+)/)?.[1] ?? '';
    if (!navigable.includes(name))
      return badRequest(
        `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.${typeName}'.`,
        'BadRequest',
      );
    return { name, ids: (o) => (o[name] as string[] | undefined) ?? [] };
  }

  handle(c: RouteContext): EmulatorResponse {
    const t = c.tenant;
    const need = (perms: readonly string[]): EmulatorResponse | undefined =>
      perms.some((p) => c.permissions.includes(p)) ? undefined : forbidden(perms[0]!);
    const pimLicensed = t.licensed?.pim !== false;
    // The refusal public clients report for PIM reads without Entra ID P2 (microsoft/EntraExporter#61).
    const noPim = graphError(400, 'AadPremiumLicenseRequired', 'The tenant needs an AAD Premium 2 license.');
    const roleFilter = t.rolesRequireFilter
      ? {
          fields: ['roleDefinitionId', 'principalId'],
          missingMessage: 'The required parameters RoleDefinitionId or PrincipalId is missing',
        }
      : undefined;
    const p = c.path;
    let m: RegExpMatchArray | null;

    if (p === '/organization') {
      return (
        need(permissionsFor.organization) ??
        this.list(
          c,
          [{ id: t.id, displayName: t.displayName, verifiedDomains: t.domains.map((name, i) => ({ name, isDefault: i === 0 })) }],
          props.organization,
          'organization',
        )
      );
    }
    if (p === '/users') {
      if (c.query.select?.includes('signInActivity')) {
        const denied = need(permissionsFor.signInActivity);
        if (denied) return denied;
        if (t.licensed?.signInActivity === false)
          return graphError(
            403,
            'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
            "Neither tenant is B2C or tenant doesn't have premium license",
          );
      }
      return need(permissionsFor.users) ?? this.list(c, t.users, props.user, 'user');
    }
    if (p === '/users/delta') return need(permissionsFor.users) ?? this.deltaOf(c, t.users, false, props.user, 'user');
    if (p === '/groups') {
      const expand = this.expansion(c, ['members', 'owners'], 'group');
      return need(permissionsFor.groups) ?? (isResponse(expand) ? expand : this.list(c, t.groups, props.group, 'group', expand));
    }
    if (p === '/groups/delta') return need(permissionsFor.groups) ?? this.deltaOf(c, t.groups, true, props.group, 'group');
    if ((m = p.match(/^\/groups\/([^/]+)\/members$/))) {
      const g = this.index(t).groups.get(m[1]!);
      return need(permissionsFor.groups) ?? (g ? this.refs(c, g.members ?? []) : notFound(m[1]!));
    }
    if ((m = p.match(/^\/groups\/([^/]+)\/owners$/))) {
      const g = this.index(t).groups.get(m[1]!);
      return need(permissionsFor.groups) ?? (g ? this.refs(c, g.owners ?? []) : notFound(m[1]!));
    }
    if ((m = p.match(/^\/(servicePrincipals|applications)$/))) {
      const items = m[1] === 'servicePrincipals' ? t.servicePrincipals : t.applications;
      const allowed = m[1] === 'servicePrincipals' ? props.servicePrincipal : props.application;
      const typeName = m[1] === 'servicePrincipals' ? 'servicePrincipal' : 'application';
      const expand = this.expansion(c, ['owners'], typeName);
      return need(permissionsFor.applications) ?? (isResponse(expand) ? expand : this.list(c, items, allowed, typeName, expand));
    }
    if ((m = p.match(/^\/(servicePrincipals|applications)\/([^/]+)\/owners$/))) {
      const items = m[1] === 'servicePrincipals' ? t.servicePrincipals : t.applications;
      const o = items.find((x) => x.id === m![2]);
      return need(permissionsFor.applications) ?? (o ? this.refs(c, o.owners ?? []) : notFound(m[2]!));
    }
    if (p === '/roleManagement/directory/roleDefinitions')
      return need(permissionsFor.roles) ?? this.list(c, t.roleDefinitions, props.unifiedRoleDefinition, 'unifiedRoleDefinition');
    if (p === '/roleManagement/directory/roleAssignments') {
      return (
        need(permissionsFor.roles) ??
        this.filtered(
          c,
          t.roleAssignments,
          ['roleDefinitionId', 'principalId', 'directoryScopeId'],
          roleFilter,
          props.unifiedRoleAssignment,
          'unifiedRoleAssignment',
        )
      );
    }
    if (p === '/roleManagement/directory/roleEligibilitySchedules') {
      return (
        need(permissionsFor.roleEligibility) ??
        (pimLicensed
          ? this.filtered(
              c,
              t.roleEligibilitySchedules,
              ['roleDefinitionId', 'principalId', 'directoryScopeId'],
              roleFilter,
              props.unifiedRoleEligibilitySchedule,
              'unifiedRoleEligibilitySchedule',
            )
          : noPim)
      );
    }
    if (p === '/identityGovernance/privilegedAccess/group/eligibilitySchedules') {
      return (
        need(permissionsFor.groupEligibility) ??
        (pimLicensed
          ? this.filtered(
              c,
              t.groupEligibilitySchedules,
              ['groupId', 'principalId', 'accessId', 'memberType'],
              // "This method requires the $filter (eq) query parameter to scope the request to a principalId or a
              // groupId" (https://learn.microsoft.com/graph/api/privilegedaccessgroup-list-eligibilityschedules?view=graph-rest-1.0);
              // the refusal's code and message are those public clients report.
              { fields: ['groupId', 'principalId'], missingMessage: 'The required parameters GroupId or PrincipalId is missing' },
              props.privilegedAccessGroupEligibilitySchedule,
              'privilegedAccessGroupEligibilitySchedule',
            )
          : noPim)
      );
    }
    if (p === '/policies/crossTenantAccessPolicy/partners') {
      const partners = t.crossTenantPartners.map((x) => ({ id: x.tenantId, ...x }));
      return (
        need(permissionsFor.policies) ??
        this.list(
          c,
          partners,
          new Set([...props.crossTenantAccessPolicyConfigurationPartner, 'id']),
          'crossTenantAccessPolicyConfigurationPartner',
        )
      );
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${p.split('/')[1] ?? ''}'.`);
  }
}
