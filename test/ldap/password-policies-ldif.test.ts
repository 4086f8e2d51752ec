import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adInterval } from '../../src/connectors/ldap/normalize/password-policies.js';
import { importLdif } from '../helpers/ldap/context.js';

const dir = mkdtempSync(join(tmpdir(), 'demarc-pwpolicy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

// The default domain policy of a new domain, as Microsoft Learn documents it: minimum length 7, complexity on,
// history 24, maximum age 42 days, lockout threshold 0 ("the account will never be locked out")
// (https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-10/security/threat-protection/security-policy-settings/password-policy,
// .../account-lockout-threshold). Intervals are stored as negative 100 ns counts: 42 days = -36288000000000
// (https://learn.microsoft.com/en-us/windows/win32/adschema/a-maxpwdage); 30 minutes = -18000000000.
const AD = `dn: DC=ot,DC=example
objectClass: top
objectClass: domain
objectClass: domainDNS
objectSid:: AQQAAAAAAAUVAAAA3PTcO4M9K0aCi6Yo
minPwdLength: 7
pwdProperties: 1
pwdHistoryLength: 24
maxPwdAge: -36288000000000
lockoutThreshold: 0
lockoutDuration: -18000000000
lockOutObservationWindow: -18000000000

dn: CN=BCS Admins,CN=Password Settings Container,CN=System,DC=ot,DC=example
objectClass: top
objectClass: msDS-PasswordSettings
cn: BCS Admins
objectGUID:: ERERESIiM0OERFVVVVVVVQ==
msDS-PasswordSettingsPrecedence: 10
msDS-MinimumPasswordLength: 14
msDS-PasswordComplexityEnabled: TRUE
msDS-PasswordHistoryLength: 24
msDS-LockoutThreshold: 5
msDS-LockoutDuration: -9223372036854775808
msDS-LockoutObservationWindow: -18000000000
msDS-MaximumPasswordAge: -9223372036854775808
msDS-PSOAppliesTo: CN=BCS Operators,OU=Groups,DC=ot,DC=example
msDS-PSOAppliesTo: CN=hmi-svc,OU=Service,DC=ot,DC=example

dn: CN=hmi-svc,OU=Service,DC=ot,DC=example
objectClass: top
objectClass: user
sAMAccountName: hmi-svc
userAccountControl: 66048
pwdLastSet: 133500000000000000
objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoUQQAAA==
objectGUID:: IiIiIjMzRESFVVVVVVVVVQ==
`;

describe('password policies from an Active Directory export', async () => {
  const c = await importLdif({ id: 'ot-ad', files: [file('ad.ldif', AD)], flavor: 'active-directory' });

  it('reads the default domain policy from the domain object', () => {
    expect(c.passwordPolicies.find((p) => p.kind === 'ad-domain')).toMatchObject({
      id: 'DC=ot,DC=example',
      minLength: 7,
      complexity: true,
      historyLength: 24,
      maxAgeSeconds: 42 * 86_400,
      lockoutThreshold: 0,
      lockoutDurationSeconds: 1800,
      lockoutWindowSeconds: 1800,
    });
  });

  it('reads a PSO with its precedence, links and "never" intervals', () => {
    expect(c.passwordPolicies.find((p) => p.kind === 'ad-pso')).toMatchObject({
      name: 'BCS Admins',
      guid: '11111111-2222-4333-8444-555555555555',
      precedence: 10,
      minLength: 14,
      complexity: true,
      lockoutThreshold: 5,
      lockoutDurationSeconds: null,
      maxAgeSeconds: null,
      appliesTo: ['CN=BCS Operators,OU=Groups,DC=ot,DC=example', 'CN=hmi-svc,OU=Service,DC=ot,DC=example'],
    });
    expect(c.source.counts.passwordPolicies).toBe(2);
  });

  it('marks an account whose userAccountControl has DONT_EXPIRE_PASSWORD (0x10000)', () => {
    // 66048 = 0x10200: NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD (MS-ADTS 2.2.16).
    expect(c.accounts[0]).toMatchObject({
      samAccountName: 'hmi-svc',
      passwordNeverExpires: true,
      passwordLastSetAt: '2024-01-17T21:20:00.000Z',
    });
  });

  it('AD intervals: 0 and the smallest 64-bit value mean no limit; a missing value stays unknown', () => {
    expect([adInterval('0'), adInterval('-9223372036854775808'), adInterval('-6000000000'), adInterval(undefined)]).toEqual([
      null,
      null,
      600,
      undefined,
    ]);
  });
});

// ppolicy attributes (draft-behera-ldap-password-policy-10 section 5.2; slapo-ppolicy(5)): pwdMinLength counts
// only with pwdCheckQuality 1 or 2; lockout needs pwdLockout TRUE; pwdMaxAge 0 means no expiry;
// pwdLockoutDuration 0 means locked until an administrator resets it.
const OPENLDAP = `dn: cn=default,ou=policies,dc=ot,dc=example
objectClass: top
objectClass: device
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdMinLength: 10
pwdCheckQuality: 2
pwdMaxFailure: 5
pwdLockout: TRUE
pwdLockoutDuration: 0
pwdMaxAge: 0

dn: cn=lax,ou=policies,dc=ot,dc=example
objectClass: top
objectClass: device
objectClass: pwdPolicy
cn: lax
pwdAttribute: userPassword
pwdMinLength: 12
pwdCheckQuality: 0
pwdMaxFailure: 3
pwdLockout: FALSE
pwdMaxAge: 31536000

dn: uid=eng1,ou=people,dc=ot,dc=example
objectClass: inetOrgPerson
uid: eng1
cn: Eng One
sn: One
pwdPolicySubentry: cn=lax,ou=policies,dc=ot,dc=example
pwdChangedTime: 20250831170000Z
`;

describe('password policies from an OpenLDAP export', async () => {
  const c = await importLdif({
    id: 'ot-ldap',
    files: [file('ol.ldif', OPENLDAP)],
    flavor: 'openldap',
    passwordPolicyDefault: 'cn=default,ou=policies,dc=ot,dc=example',
  });

  it('reads ppolicy entries as policies, marks the configured default, and keeps them out of the accounts', () => {
    expect(c.accounts.map((a) => a.samAccountName)).toEqual(['eng1']);
    const [def, lax] = ['default', 'lax'].map((n) => c.passwordPolicies.find((p) => p.name === n)!);
    expect(def).toMatchObject({ isDefault: true, minLength: 10, lockoutThreshold: 5, lockoutDurationSeconds: null, maxAgeSeconds: null });
    expect(lax!).toMatchObject({ minLength: 0, lockoutThreshold: 0, maxAgeSeconds: 31_536_000 });
    expect(lax!.isDefault).toBeUndefined();
  });

  it("keeps the account's pwdPolicySubentry and pwdChangedTime", () => {
    expect(c.accounts[0]).toMatchObject({
      passwordPolicyRef: 'cn=lax,ou=policies,dc=ot,dc=example',
      passwordLastSetAt: '2025-08-31T17:00:00.000Z',
    });
  });
});
