import { describe, expect, it } from 'vitest';
import { loginAttempts } from '../../src/rules/cip/login-attempts.js';
import { passwordChange } from '../../src/rules/cip/password-change.js';
import { guidBytes, passwordPolicyResolver } from '../../src/rules/cip/password-policy-resolution.js';
import { passwordStrength } from '../../src/rules/cip/password-strength.js';
import { entraPlatformPolicy } from '../../src/connectors/entra/platform-password-policy.js';
import { contextOf, estateOf, findingsOf, group, source, user } from '../helpers/estate-builder.js';
import { cipConfig, records, SCOPE } from './cip-builder.js';
import { config } from '../helpers/estate-builder.js';

const cfg = config(cipConfig());
const D = 'DC=ot,DC=example';
const SID = 'S-1-5-21-1004336348-1177238915-682003330';
// groupType: global security = 0x80000002, universal security = 0x80000008 (MS-ADTS 2.2.12), as signed int32.
const GLOBAL = String(0x80000002 | 0);
const UNIVERSAL = String(0x80000008 | 0);
const adUser = (id: string, rid: number, extra: Record<string, unknown> = {}) =>
  user(id, { dn: `CN=${id},OU=Ops,${D}`, sid: `${SID}-${rid}`, primaryGroupId: 513, attributes: { userAccountControl: '512' }, ...extra });
const adGroup = (id: string, members: string[], rid: number, groupType = GLOBAL) =>
  group(id, members, { dn: `CN=${id},OU=Groups,${D}`, sid: `${SID}-${rid}`, attributes: { groupType } });
const domainPolicy = (extra: Record<string, unknown> = {}) => ({
  id: D,
  kind: 'ad-domain',
  name: 'Default domain password policy',
  dn: D,
  minPwdLength: undefined,
  minLength: 7,
  complexity: true,
  lockoutThreshold: 0,
  maxAgeSeconds: 42 * 86_400,
  ...extra,
});
const pso = (name: string, precedence: number, appliesTo: string[], extra: Record<string, unknown> = {}) => ({
  id: `CN=${name},CN=Password Settings Container,CN=System,${D}`,
  kind: 'ad-pso',
  name,
  precedence,
  guid: extra.guid ?? `00000000-0000-0000-0000-00000000000${precedence % 10}`,
  appliesTo: appliesTo.map((t) => (t.includes('=') ? t : t.startsWith('u:') ? `CN=${t.slice(2)},OU=Ops,${D}` : `CN=${t},OU=Groups,${D}`)),
  minLength: 14,
  complexity: true,
  lockoutThreshold: 5,
  ...extra,
});

/** An OT forest: o1..o3 hold BCS-HMI; Tier groups are global security groups unless said otherwise. */
function forest(policies: Record<string, unknown>[], extraGroups: Record<string, unknown>[] = [], accounts = ['o1', 'o2', 'o3']) {
  return source('ot', {
    accounts: accounts.map((a, i) => adUser(a, 1100 + i)),
    groups: [adGroup('BCS-HMI', accounts, 1200), adGroup('Domain Users', [], 513), ...extraGroups],
    passwordPolicies: policies.map(({ minPwdLength: _m, ...p }) => p),
  });
}
const governing = (estate: ReturnType<typeof estateOf>, id: string) => {
  const i = estate.principals.toArray().findIndex((p) => p.id === id);
  const r = passwordPolicyResolver(estate).resolve(i);
  return [r.policy?.name ?? null, r.via];
};

// Resolution order of msDS-ResultantPSO: MS-ADTS 3.1.1.4.5.36
// (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-adts/ad735d45-ba6a-42fc-a41c-e91ced8e72d9) and
// Get-ADUserResultantPasswordPolicy (https://learn.microsoft.com/en-us/powershell/module/activedirectory/get-aduserresultantpasswordpolicy):
// a PSO applying directly to the user wins; else the lowest precedence among its groups' PSOs; ties by
// objectGUID; only global security groups (Microsoft Learn, "Fine-grained password policies":
// https://learn.microsoft.com/en-us/windows-server/identity/ad-ds/get-started/adac/fine-grained-password-policies).
describe('which password policy governs an AD account', () => {
  it('the PSO with the lowest precedence among the groups wins (100 beats 200 in the documentation; here 10 beats 20)', () => {
    const e = estateOf(
      forest(
        [domainPolicy(), pso('PSO-Twenty', 20, ['Tier-A']), pso('PSO-Ten', 10, ['Tier-B'])],
        [adGroup('Tier-A', ['o1'], 1300), adGroup('Tier-B', ['o1'], 1301)],
      ),
    );
    expect(governing(e, 'o1')).toEqual(['PSO-Ten', 'PSO linked to global group Tier-B']);
    expect(governing(e, 'o2')).toEqual(['Default domain password policy', 'default domain policy']);
  });

  it('a PSO linked to the user beats a group-linked PSO of lower precedence', () => {
    const e = estateOf(
      forest([domainPolicy(), pso('PSO-Group', 1, ['Tier-A']), pso('PSO-User', 50, ['u:o1'])], [adGroup('Tier-A', ['o1'], 1300)]),
    );
    expect(governing(e, 'o1')).toEqual(['PSO-User', 'PSO linked to the account']);
  });

  it('two directly linked PSOs: the lower precedence wins', () => {
    const e = estateOf(forest([domainPolicy(), pso('PSO-U30', 30, ['u:o1']), pso('PSO-U25', 25, ['u:o1'])]));
    expect(governing(e, 'o1')[0]).toBe('PSO-U25');
  });

  it('equal precedence: the lower objectGUID (as stored bytes) wins', () => {
    // 02000000-... is stored as bytes 00 00 00 02 ...; 01000000-...-0000000000ff as 00 00 00 01 ... : the second is lower.
    const e = estateOf(
      forest(
        [
          domainPolicy(),
          pso('PSO-X', 10, ['Tier-A'], { guid: '02000000-0000-0000-0000-000000000000' }),
          pso('PSO-Y', 10, ['Tier-A'], { guid: '01000000-0000-0000-0000-0000000000ff' }),
        ],
        [adGroup('Tier-A', ['o1'], 1300)],
      ),
    );
    expect(guidBytes('01000000-0000-0000-0000-0000000000ff') < guidBytes('02000000-0000-0000-0000-000000000000')).toBe(true);
    expect(governing(e, 'o1')[0]).toBe('PSO-Y');
  });

  it('a universal group link does not apply; nesting in global groups and the primary group do', () => {
    const e = estateOf(
      forest(
        [domainPolicy(), pso('PSO-Universal', 1, ['Uni']), pso('PSO-Outer', 5, ['Outer']), pso('PSO-DomainUsers', 9, ['Domain Users'])],
        [adGroup('Uni', ['o1'], 1300, UNIVERSAL), adGroup('Inner', ['o2'], 1301), adGroup('Outer', ['Inner'], 1302)],
      ),
    );
    // o1: only the universal group and its primary group Domain Users (RID 513) -> PSO-DomainUsers.
    expect(governing(e, 'o1')).toEqual(['PSO-DomainUsers', 'PSO linked to global group Domain Users']);
    // o2: Inner is nested in Outer (global in global): PSO-Outer (5) beats PSO-DomainUsers (9).
    expect(governing(e, 'o2')).toEqual(['PSO-Outer', 'PSO linked to global group Outer']);
  });

  it('no domain object read: the policy cannot be shown, and R5.5 reports the account', () => {
    const e = estateOf(forest([pso('PSO-Other', 10, ['Nobody'])]));
    expect(governing(e, 'o1')).toEqual([null, '']);
    const f = findingsOf(passwordStrength, { scope: SCOPE }, e, cfg);
    expect(f.map((x) => [x.subject.id, x.key])).toEqual([
      ['o1', 'policy-not-shown'],
      ['o2', 'policy-not-shown'],
      ['o3', 'policy-not-shown'],
    ]);
  });

  it('OpenLDAP: pwdPolicySubentry, else the overlay default; neither is a policy not shown', () => {
    const pp = (cn: string, extra: Record<string, unknown> = {}) => ({
      id: `cn=${cn},ou=policies,dc=ot`,
      dn: `cn=${cn},ou=policies,dc=ot`,
      kind: 'ppolicy',
      name: cn,
      minLength: 8,
      lockoutThreshold: 5,
      ...extra,
    });
    const ldap = (withDefault: boolean) =>
      source('ot', {
        accounts: [user('o1', { passwordPolicyRef: 'cn=strict,ou=policies,dc=ot' }), user('o2')],
        groups: [group('BCS-HMI', ['o1', 'o2'])],
        passwordPolicies: [pp('strict', { minLength: 12 }), pp('default', withDefault ? { isDefault: true } : {})],
      });
    expect(governing(estateOf(ldap(true)), 'o1')).toEqual(['strict', 'pwdPolicySubentry']);
    expect(governing(estateOf(ldap(true)), 'o2')).toEqual(['default', 'ppolicy overlay default']);
    expect(governing(estateOf(ldap(false)), 'o2')[0]).toBeNull();
  });
});

describe('password-strength (CIP-007-6 R5.5)', () => {
  it('a domain policy of 7 characters fires once for the policy; a PSO of 14 with complexity governs o1 and is met', () => {
    const e = estateOf(forest([domainPolicy(), pso('PSO-Admins', 10, ['u:o1'])]));
    const f = findingsOf(passwordStrength, { scope: SCOPE }, e, cfg);
    expect(f.map((x) => [x.subject.name, x.key, x.details?.accounts])).toEqual([
      ['Default domain password policy (ot)', 'length', ['o2', 'o3']],
    ]);
  });

  it('complexity off in a PSO fires as complexity', () => {
    const e = estateOf(forest([domainPolicy({ minLength: 8 }), pso('PSO-Simple', 10, ['u:o1'], { complexity: false })]));
    expect(findingsOf(passwordStrength, { scope: SCOPE }, e, cfg).map((x) => [x.subject.name, x.key])).toEqual([
      ['PSO-Simple (ot)', 'complexity'],
    ]);
  });

  it('Entra ID: the documented platform policy meets R5.5, with the Microsoft Learn link as evidence', () => {
    const entra = source('ot', {
      accounts: [user('o1'), user('o2', { attributes: { passwordPolicies: 'DisablePasswordStrongPassword' } })],
      groups: [group('BCS-HMI', ['o1', 'o2'])],
      passwordPolicies: [entraPlatformPolicy('ot', 'global')],
    });
    const ctx = contextOf(estateOf(entra), cfg);
    const r = passwordStrength.reconcile(ctx, passwordStrength.options.parse({ scope: SCOPE }));
    if ('notEvaluated' in r) throw new Error(r.notEvaluated);
    expect(r.rows.find((x) => x.account === 'o1')).toMatchObject({ status: 'met', min_length: '8', complexity: 'required' });
    expect(r.rows.find((x) => x.account === 'o1')!.evidence).toContain(
      'https://learn.microsoft.com/en-us/entra/identity/authentication/concept-password-ban-bad-combined-policy',
    );
    // The user exempted from the strength rules is governed by a weaker variant, which fires on both counts.
    expect(r.findings.map((x) => x.key).sort()).toEqual(['complexity', 'length']);
  });

  it('the documented smart lockout threshold is 10 in the global cloud and 3 in US Government', () => {
    expect(entraPlatformPolicy('t', 'global').lockoutThreshold).toBe(10);
    expect(entraPlatformPolicy('t', 'usgov').lockoutThreshold).toBe(3);
    expect(entraPlatformPolicy('t', 'custom').lockoutThreshold).toBeUndefined();
  });
});

describe('login-attempts (CIP-007-6 R5.7)', () => {
  it('a domain policy that never locks out fires; a PSO with a threshold is met; declared alerting satisfies the source', () => {
    const e = estateOf(forest([domainPolicy(), pso('PSO-Admins', 10, ['u:o1'])]));
    const f = findingsOf(loginAttempts, { scope: SCOPE }, e, cfg);
    expect(f.map((x) => [x.subject.name, x.key, x.details?.accounts])).toEqual([
      ['Default domain password policy (ot)', 'no-lockout', ['o2', 'o3']],
    ]);
    expect(findingsOf(loginAttempts, { scope: SCOPE, alerts: { ot: 'SIEM use case UC-17' } }, e, cfg)).toEqual([]);
  });
});

// NOW (estate-builder) is 2026-11-25T12:00:00Z, 06:00 local in America/Chicago.
describe('password-change (CIP-007-6 R5.6): 15 calendar months in the configured time zone', () => {
  const at = (set: string | undefined, now: string) => {
    const e = estateOf(
      source('ot', {
        accounts: [adUser('o1', 1100, set ? { passwordLastSetAt: set } : {})],
        groups: [adGroup('BCS-HMI', ['o1'], 1200)],
        passwordPolicies: [{ ...domainPolicy(), minPwdLength: undefined }].map(({ minPwdLength: _m, ...p }) => p),
      }),
    );
    return findingsOf(passwordChange, { scope: SCOPE }, e, cfg, new Date(now)).map((x) => x.key);
  };
  const cases: { name: string; set: string; now: string; overdue: boolean }[] = [
    // From a month end: 31 August 2025 + 15 months = 30 November 2026 (November has 30 days).
    {
      name: 'set on 31 Aug (month end), checked 30 Nov next year',
      set: '2025-08-31T12:00:00-05:00',
      now: '2026-11-30T23:00:00-06:00',
      overdue: false,
    },
    {
      name: 'set on 31 Aug (month end), checked 1 Dec next year',
      set: '2025-08-31T12:00:00-05:00',
      now: '2026-12-01T00:30:00-06:00',
      overdue: true,
    },
    // Onto a leap day: 30 November 2022 + 15 months = 29 February 2024.
    {
      name: 'set 30 Nov 2022, checked 29 Feb 2024 (leap day)',
      set: '2022-11-30T10:00:00-06:00',
      now: '2024-02-29T23:00:00-06:00',
      overdue: false,
    },
    { name: 'set 30 Nov 2022, checked 1 Mar 2024', set: '2022-11-30T10:00:00-06:00', now: '2024-03-01T00:30:00-06:00', overdue: true },
    // From a leap day: 29 February 2024 + 15 months = 29 May 2025.
    {
      name: 'set on the leap day, checked 29 May 2025',
      set: '2024-02-29T08:00:00-06:00',
      now: '2025-05-29T20:00:00-05:00',
      overdue: false,
    },
    { name: 'set on the leap day, checked 30 May 2025', set: '2024-02-29T08:00:00-06:00', now: '2025-05-30T00:30:00-05:00', overdue: true },
    // Local date counts: 02:00 UTC on 1 September is still 31 August in Chicago.
    {
      name: 'set 1 Sep 02:00 UTC (31 Aug local), checked 1 Dec',
      set: '2025-09-01T02:00:00Z',
      now: '2026-12-01T00:30:00-06:00',
      overdue: true,
    },
  ];
  it.each(cases)('$name: overdue=$overdue', ({ set, now, overdue }) => {
    expect(at(set, now)).toEqual(overdue ? ['overdue'] : []);
  });

  it('an account whose directory does not show the last change is reported, not passed', () => {
    expect(at(undefined, '2026-11-25T12:00:00Z')).toEqual(['not-shown']);
  });

  it('a TFE on record for R5.6 lists the account as technically infeasible; an expired TFE does not', () => {
    const estate = (expires?: string) =>
      estateOf(
        source('ot', {
          accounts: [adUser('o1', 1100, { passwordLastSetAt: '2020-01-01T00:00:00Z', samAccountName: 'hmi-panel' })],
          groups: [adGroup('BCS-HMI', ['o1'], 1200)],
          passwordPolicies: [domainPolicy()].map(({ minPwdLength: _m, ...p }) => p),
        }),
        records('tfe' as never, [
          { source: 'ot', account: 'hmi-panel', requirement: 'CIP-007-6 R5.6', reference: 'TFE-2024-031', ...(expires ? { expires } : {}) },
        ]),
      );
    const ctx = contextOf(estate(), cfg);
    const r = passwordChange.reconcile(ctx, passwordChange.options.parse({ scope: SCOPE }));
    if ('notEvaluated' in r) throw new Error(r.notEvaluated);
    expect(r.findings).toEqual([]);
    expect(r.rows[0]!.status).toMatch(/^technically infeasible: TFE TFE-2024-031/);
    expect(findingsOf(passwordChange, { scope: SCOPE }, estate('2026-01-01T00:00:00-06:00'), cfg).map((x) => x.key)).toEqual(['overdue']);
  });
});
