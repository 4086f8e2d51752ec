import { describe, expect, it } from 'vitest';
import { entitlementName } from '../../src/rules/cip/chains.js';
import { EntitlementSelector } from '../../src/config/selectors.js';
import { stepOf } from '../../src/engine/chains.js';
import { matchingEntitlements } from '../../src/engine/entitlement-match.js';
import { config, contextOf, estateOf, group, source, user } from '../helpers/estate-builder.js';

/*
 * A directory role assignment has a scope: directoryScopeId "/" is tenant-wide (Graph "Create
 * unifiedRoleAssignment", https://learn.microsoft.com/graph/api/rbacapplication-post-roleassignments, example
 * "Create a role assignment with tenant scope"), "/administrativeUnits/{id}" an administrative unit. "Administrative
 * units in Microsoft Entra ID" (https://learn.microsoft.com/entra/identity/role-based-access-control/administrative-units)
 * and "Create or delete administrative units" (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-manage):
 * a unit's administrators "can manage only the members of that unit", so a User Administrator over a unit is
 * not a tenant-wide User Administrator. The role definition id of User Administrator is from "Microsoft Entra
 * built-in roles" (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference).
 */
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const AU_OT = '/administrativeUnits/4d7e1bd0-2d5e-4a60-9c4e-6f3a1c2b9e01';
const AU_HR = '/administrativeUnits/8a07f5a8-edc9-4847-bbf2-dde106594bf4';
const assignment = (id: string, principal: string, scope: string) => ({
  id,
  roleId: USER_ADMIN,
  roleName: 'User Administrator',
  principal,
  scope,
  state: 'active',
});
const it_ = source('it', {
  accounts: [user('alice'), user('bob'), user('carol'), user('dave')],
  groups: [group('OT-Helpdesk', ['carol'])],
  roleAssignments: [
    assignment('ra1', 'alice', '/'),
    assignment('ra2', 'bob', AU_OT),
    assignment('ra3', 'carol', AU_OT),
    assignment('ra4', 'dave', AU_HR),
  ],
});
const estate = estateOf(it_);
const roleNames = (nodes: number[], ctx = contextOf(estate)) => nodes.map((v) => stepOf(ctx, v).name).sort();

describe('administrative-unit scoped role assignments', () => {
  it('are role nodes of their own, one per (role, scope), named with the scope', () => {
    const ctx = contextOf(estate);
    expect(ctx.graph.roles.map((r) => `${r.name} | ${r.scope}`).sort()).toEqual([
      'User Administrator (administrative unit 4d7e1bd0-2d5e-4a60-9c4e-6f3a1c2b9e01) | ' + AU_OT,
      'User Administrator (administrative unit 8a07f5a8-edc9-4847-bbf2-dde106594bf4) | ' + AU_HR,
      'User Administrator | /',
    ]);
  });

  // Expected node names per selector, written from the documentation above: without `scope` a selector
  // means the tenant-wide role; the unit-scoped ones are selected by their scope.
  const cases: { name: string; selector: Record<string, unknown>; expected: string[] }[] = [
    {
      name: 'a role by name, no scope: tenant-wide only',
      selector: { type: 'role', name: 'User Administrator' },
      expected: ['User Administrator'],
    },
    { name: 'a role by definition id, no scope: tenant-wide only', selector: { ids: [USER_ADMIN] }, expected: ['User Administrator'] },
    {
      name: 'any administrative unit',
      selector: { name: 'User Administrator', scope: '/administrativeUnits/*' },
      expected: [
        'User Administrator (administrative unit 4d7e1bd0-2d5e-4a60-9c4e-6f3a1c2b9e01)',
        'User Administrator (administrative unit 8a07f5a8-edc9-4847-bbf2-dde106594bf4)',
      ],
    },
    {
      name: 'one administrative unit, by scope alone',
      selector: { scope: AU_OT },
      expected: ['User Administrator (administrative unit 4d7e1bd0-2d5e-4a60-9c4e-6f3a1c2b9e01)'],
    },
    { name: 'scope "/" written out', selector: { type: 'role', scope: '/' }, expected: ['User Administrator'] },
    {
      name: 'every scope',
      selector: { ids: [USER_ADMIN], scope: '*' },
      expected: [
        'User Administrator',
        'User Administrator (administrative unit 4d7e1bd0-2d5e-4a60-9c4e-6f3a1c2b9e01)',
        'User Administrator (administrative unit 8a07f5a8-edc9-4847-bbf2-dde106594bf4)',
      ],
    },
    { name: 'groups have no scope: a scoped selector selects none', selector: { name: 'OT-*', scope: '*' }, expected: [] },
    { name: 'groups are still selected without a scope', selector: { name: 'OT-*' }, expected: ['OT-Helpdesk'] },
  ];
  it.each(cases)('$name', ({ selector, expected }) => {
    const ctx = contextOf(estate);
    expect(roleNames(matchingEntitlements(estate, ctx.graph, [EntitlementSelector.parse(selector)]), ctx)).toEqual(expected);
  });

  it('gives the unit-scoped role an entitlement id of its own (CIP findings keep them apart)', () => {
    const ctx = contextOf(estate);
    const ids = ctx.graph.roles.map((_, k) => entitlementName(ctx, ctx.graph.principalCount + k).id).sort();
    expect(ids).toEqual([USER_ADMIN, `${USER_ADMIN}@${AU_OT}`, `${USER_ADMIN}@${AU_HR}`].sort());
  });

  it('accepts a selector that names only a scope', () => {
    expect(EntitlementSelector.safeParse({ scope: '/administrativeUnits/*' }).success).toBe(true);
  });

  it('lets a zone claim the unit-scoped role without the tenant-wide one', () => {
    // The IT tenant's User Administrator over the OT staff unit grants OT; the tenant-wide one stays IT.
    const cfg = config({
      zones: [
        { id: 'it', sources: ['it'] },
        { id: 'ot', entitlements: [{ source: 'it', type: 'role', scope: AU_OT }] },
      ],
    });
    const ctx = contextOf(estate, cfg);
    const zonesOf = (name: string) =>
      ctx.zones.names(ctx.personZones[ctx.people.personOf[estate.principals.toArray().findIndex((p) => p.id === name)]!]!);
    expect({ alice: zonesOf('alice'), bob: zonesOf('bob'), carol: zonesOf('carol'), dave: zonesOf('dave') }).toEqual({
      alice: ['it'],
      bob: ['it', 'ot'],
      carol: ['it', 'ot'],
      dave: ['it'],
    });
  });
});
