import type { PasswordPolicy } from '../../model/password-policy.js';

/** Microsoft Learn pages that state Entra ID's own password rules for cloud accounts. */
export const ENTRA_PASSWORD_POLICY_URL =
  'https://learn.microsoft.com/en-us/entra/identity/authentication/concept-password-ban-bad-combined-policy';
export const ENTRA_SMART_LOCKOUT_URL = 'https://learn.microsoft.com/en-us/entra/identity/authentication/howto-password-smart-lockout';

/**
 * Entra ID has no password policy object to read: its rules for cloud accounts are the platform's,
 * stated in the documentation. Passwords need at least 8 characters and three of four character
 * categories (concept-password-ban-bad-combined-policy); smart lockout locks an account after 10 failed
 * sign-ins in the global and China clouds, 3 in the US Government clouds (howto-password-smart-lockout),
 * for one minute at first. A custom cloud's threshold is not documented and is left unknown. Tenants with
 * Entra ID P1 may change the smart lockout threshold; Graph v1.0 does not expose it, so the documented
 * default is what is recorded, with the links as the evidence.
 */
export function entraPlatformPolicy(source: string, cloud: string | undefined): PasswordPolicy {
  const threshold =
    cloud === 'usgov' || cloud === 'usgov-dod' ? 3 : cloud === 'global' || cloud === 'china' || cloud === undefined ? 10 : undefined;
  return {
    source,
    id: 'platform',
    kind: 'platform',
    name: 'Microsoft Entra ID password policy and smart lockout (documented)',
    minLength: 8,
    complexity: true,
    ...(threshold === undefined ? {} : { lockoutThreshold: threshold }),
    lockoutDurationSeconds: 60,
    evidence: [ENTRA_PASSWORD_POLICY_URL, ENTRA_SMART_LOCKOUT_URL],
  };
}
