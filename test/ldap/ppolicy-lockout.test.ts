import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'ldapts';
import type { CollectedSource } from '../../src/model/collected.js';
import { loginAttempts } from '../../src/rules/cip/login-attempts.js';
import { config, estateOf, findingsOf } from '../helpers/estate-builder.js';
import { serversAvailable } from '../helpers/ldap/availability.js';
import { collectLdap } from '../helpers/ldap/context.js';
import { SLAPD_BINARIES, startSlapd, type Slapd } from '../helpers/ldap/slapd.js';

/**
 * CIP-007-6 R5.7 against a real slapd with the ppolicy overlay (run under flock /tmp/demarc-servers.lock).
 * slapo-ppolicy(5), OpenLDAP 2.5: with pwdLockout TRUE "the user will not be allowed to attempt to
 * authenticate to the directory after there have been a specified number of consecutive failed bind
 * attempts" (pwdMaxFailure), and "a client will always receive an LDAP InvalidCredentials response when
 * Binding to a locked account"; without pwdLockout, pwdMaxFailure locks nothing ("account locking only takes
 * effect when the pwdLockout password policy attribute is set to TRUE"). pwdPolicy is auxiliary and needs a
 * structural class: the page suggests namedPolicy, which Debian 12's slapd 2.5 schema lacks, so the policy
 * entries are cosine's device (a cn and nothing else). The test first shows the server behaves so,
 * then that demarc reads each account's policy and reports only the one that never locks out.
 */
const available = serversAvailable('OpenLDAP ppolicy tests', SLAPD_BINARIES);
const S = 'dc=example,dc=test';
const LDIF = `dn: ou=policies,${S}
objectClass: organizationalUnit
ou: policies

dn: cn=bcs-lockout,ou=policies,${S}
objectClass: device
objectClass: pwdPolicy
cn: bcs-lockout
pwdAttribute: userPassword
pwdMinLength: 12
pwdLockout: TRUE
pwdMaxFailure: 3
pwdLockoutDuration: 0

dn: cn=counts-only,ou=policies,${S}
objectClass: device
objectClass: pwdPolicy
cn: counts-only
pwdAttribute: userPassword
pwdMinLength: 12
pwdLockout: FALSE
pwdMaxFailure: 3

dn: ou=people,${S}
objectClass: organizationalUnit
ou: people

dn: uid=op1,ou=people,${S}
objectClass: inetOrgPerson
uid: op1
cn: Operator One
sn: One
userPassword: op1-Secret-2026
pwdPolicySubentry: cn=bcs-lockout,ou=policies,${S}

dn: uid=op2,ou=people,${S}
objectClass: inetOrgPerson
uid: op2
cn: Operator Two
sn: Two
userPassword: op2-Secret-2026
pwdPolicySubentry: cn=counts-only,ou=policies,${S}

dn: ou=groups,${S}
objectClass: organizationalUnit
ou: groups

dn: cn=BCS-Operators,ou=groups,${S}
objectClass: groupOfNames
cn: BCS-Operators
member: uid=op1,ou=people,${S}
member: uid=op2,ou=people,${S}
`;

/** Binds once; true when the server accepted the password. */
async function binds(url: string, dn: string, password: string): Promise<boolean> {
  const c = new Client({ url, timeout: 5000, connectTimeout: 5000 });
  try {
    await c.bind(dn, password);
    return true;
  } catch (e) {
    expect((e as { code?: number }).code).toBe(49); // invalidCredentials, locked or not
    return false;
  } finally {
    await c.unbind().catch(() => undefined);
  }
}

describe.skipIf(!available)('ppolicy lockout (slapd)', () => {
  let slapd: Slapd;
  let collected: CollectedSource;

  beforeAll(async () => {
    slapd = await startSlapd({ ldif: [LDIF], ppolicy: true });
    collected = await collectLdap({ id: 'bcs-ldap', url: slapd.url, bindDn: slapd.readerDn }, slapd.readerPw);
  });
  afterAll(async () => {
    await slapd?.stop();
    slapd?.cleanup();
  });

  it('locks op1 out after pwdMaxFailure failed binds, and never op2 (pwdLockout FALSE)', async () => {
    const op1 = `uid=op1,ou=people,${S}`;
    const op2 = `uid=op2,ou=people,${S}`;
    for (let i = 0; i < 3; i++) {
      expect(await binds(slapd.url, op1, 'wrong')).toBe(false);
      expect(await binds(slapd.url, op2, 'wrong')).toBe(false);
    }
    expect(await binds(slapd.url, op1, 'op1-Secret-2026')).toBe(false); // the right password, refused: locked
    expect(await binds(slapd.url, op2, 'op2-Secret-2026')).toBe(true);
  });

  it('reads both policies and the one that governs each account', () => {
    const policies = collected.passwordPolicies.map((p) => [p.name, p.lockoutThreshold]).sort();
    // pwdMaxFailure without pwdLockout limits nothing: a threshold of 0, as AD's "never locked out".
    expect(policies).toEqual([
      ['bcs-lockout', 3],
      ['counts-only', 0],
    ]);
  });

  it('reports R5.7 for the account whose policy never locks out, and only that one', () => {
    const cfg = config({
      zones: [{ id: 'ot', sources: ['bcs-ldap'] }],
      entitlementSets: { 'cip-access': [{ source: 'bcs-ldap', name: 'BCS-Operators' }] },
    });
    const findings = findingsOf(loginAttempts, { scope: { entitlements: 'cip-access' } }, estateOf(collected), cfg);
    expect(findings.map((f) => f.message).join('\n')).toContain('counts-only');
    expect(findings.map((f) => f.message).join('\n')).not.toContain('bcs-lockout');
    expect(findings.length).toBe(1);
  });
});
