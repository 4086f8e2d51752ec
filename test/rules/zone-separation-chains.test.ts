import { describe, expect, it } from 'vitest';
import { zoneSeparation } from '../../src/rules/zone-separation.js';
import { estateOf, findingsOf, group, person, source, user } from '../helpers/estate-builder.js';

/*
 * A separation finding shows what is held (DOMAIN.md section 4): per zone, one chain per distinct non-baseline
 * entitlement, most privileged first, capped, and the bare account only when it holds nothing else there.
 * Privileged by value:
 * - Microsoft Learn, "Security identifiers" (windows-server/identity/ad-ds/manage/understand-security-identifiers) and
 *   "Active Directory security groups": Domain Admins <domain>-512, Backup Operators S-1-5-32-551, Domain Users <domain>-513.
 * - Microsoft Learn, "Microsoft Entra built-in roles" (entra/identity/role-based-access-control/permissions-reference):
 *   Global Administrator template id 62e90394-69f5-4237-9190-012177145e10.
 * - PIM: an eligible assignment is held ("Assign Microsoft Entra roles in PIM"); an owner of a service principal can act as it.
 */

const OT = 'S-1-5-21-7-8-9';
const roster = source('hr', { persons: [person('P1', { name: 'Sam', employeeId: 'E1' })] });

describe('zone-separation chains', () => {
  it('lists each entitlement held in a zone, admin groups and roles first, then roles, groups, owned principals; bare accounts last', () => {
    const estate = estateOf(
      roster,
      source('it', { accounts: [user('u1', { employeeId: 'E1', upn: 'sam@corp.example' })] }),
      source('ot', {
        accounts: [
          user('o1', { employeeId: 'E1', upn: 'sam-ot@ot.example', sid: `${OT}-1101`, primaryGroupId: 513 }),
          user('o2', { employeeId: 'E1', upn: 'sam-ops@ot.example', sid: `${OT}-1102`, primaryGroupId: 513 }),
          user('sp-hist', { type: 'servicePrincipal', owners: ['o1'] }),
        ],
        groups: [
          group('du', [], { name: 'Domain Users', sid: `${OT}-513` }),
          group('zulu', ['o1'], { name: 'Zulu', sid: `${OT}-1201` }),
          group('alpha', ['o1'], { name: 'Alpha', sid: `${OT}-1202` }),
          group('da', ['o1'], { name: 'Domain Admins', sid: `${OT}-512` }),
          group('bo', ['alpha'], { name: 'Backup Operators', sid: 'S-1-5-32-551' }),
        ],
        roleAssignments: [
          {
            id: 'r1',
            roleId: '62e90394-69f5-4237-9190-012177145e10',
            roleName: 'Global Administrator',
            principal: 'o1',
            state: 'eligible',
          },
          { id: 'r2', roleId: 'custom-1', roleName: 'OT Reader', principal: 'o1', state: 'active' },
        ],
      }),
    );
    const [f] = findingsOf(zoneSeparation, { zones: ['it', 'ot'] }, estate);
    const ot = f!.chains.filter((c) => c.zone === 'ot').map((c) => c.steps.slice(1).map((s) => `${s.name}${s.via ? `/${s.via}` : ''}`));
    expect(ot).toEqual([
      ['sam-ot@ot.example/correlated', 'Alpha/member', 'Backup Operators/member'],
      ['sam-ot@ot.example/correlated', 'Domain Admins/member'],
      ['sam-ot@ot.example/correlated', 'Global Administrator/role-eligible'],
      ['sam-ot@ot.example/correlated', 'OT Reader/role-active'],
      ['sam-ot@ot.example/correlated', 'Alpha/member'],
      ['sam-ot@ot.example/correlated', 'Zulu/member'],
      ['sam-ot@ot.example/correlated', 'sp-hist/owner'],
      // o2 holds nothing in OT but is itself an OT account; o1 holds plenty, so it is not shown bare.
      ['sam-ops@ot.example/correlated'],
    ]);
    expect(f!.chains.filter((c) => c.zone === 'it').map((c) => c.steps.map((s) => s.name))).toEqual([['Sam', 'sam@corp.example']]);
    // Domain Users (baseline) is never listed as held.
    expect(f!.chains.some((c) => c.steps.at(-1)!.name === 'Domain Users')).toBe(false);
  });

  it('caps the chains per zone at ten and counts the rest', () => {
    const names = Array.from({ length: 13 }, (_, i) => `G${String(i + 1).padStart(2, '0')}`);
    const estate = estateOf(
      roster,
      source('it', { accounts: [user('u1', { employeeId: 'E1' })] }),
      source('ot', { accounts: [user('o1', { employeeId: 'E1' })], groups: names.map((n) => group(n, ['o1'])) }),
    );
    const [f] = findingsOf(zoneSeparation, { zones: ['it', 'ot'] }, estate);
    const ot = f!.chains.filter((c) => c.zone === 'ot').map((c) => c.steps.at(-1)!.name);
    expect(ot).toEqual(names.slice(0, 10));
    expect(f!.details?.notShown).toEqual({ ot: 3 });
  });

  it('shows the same entitlement once, by its shortest chain, when several accounts hold it', () => {
    const estate = estateOf(
      roster,
      source('it', { accounts: [user('u1', { employeeId: 'E1' })] }),
      source('ot', {
        accounts: [user('o1', { employeeId: 'E1' }), user('o2', { employeeId: 'E1' })],
        groups: [group('shift', ['o1']), group('OT-Ops', ['shift', 'o2'])],
      }),
    );
    const [f] = findingsOf(zoneSeparation, { zones: ['it', 'ot'] }, estate);
    const ot = f!.chains.filter((c) => c.zone === 'ot').map((c) => c.steps.slice(1).map((s) => s.name));
    expect(ot).toEqual([
      ['o2', 'OT-Ops'],
      ['o1', 'shift'],
    ]);
  });
});
