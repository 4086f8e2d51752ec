import type { PasswordPolicy } from '../../../model/password-policy.js';
import { decodeGuid } from './ad-values.js';
import { normalizeDn } from '../../../util/dn.js';
import { binary, integer, objectClasses, text, texts, type RawEntry } from './raw-entry.js';

/**
 * Password and lockout policies as the directory stores them. Active Directory: the domain object
 * (https://learn.microsoft.com/en-us/windows/win32/adschema/a-minpwdlength and its siblings) and
 * fine-grained password settings objects in CN=Password Settings Container,CN=System
 * (https://learn.microsoft.com/en-us/windows-server/identity/ad-ds/get-started/adac/fine-grained-password-policies).
 * OpenLDAP: pwdPolicy entries of the ppolicy overlay (draft-behera-ldap-password-policy, slapo-ppolicy(5)).
 */

/** Domain object attributes of the default domain password and lockout policy. */
export const AD_DOMAIN_POLICY_ATTRIBUTES = [
  'minPwdLength',
  'pwdProperties',
  'lockoutThreshold',
  'lockoutDuration',
  'lockOutObservationWindow',
  'maxPwdAge',
  'pwdHistoryLength',
] as const;

/** msDS-PasswordSettings attributes. */
export const AD_PSO_ATTRIBUTES = [
  'msDS-PasswordSettingsPrecedence',
  'msDS-MinimumPasswordLength',
  'msDS-PasswordComplexityEnabled',
  'msDS-LockoutThreshold',
  'msDS-LockoutDuration',
  'msDS-LockoutObservationWindow',
  'msDS-MaximumPasswordAge',
  'msDS-PasswordHistoryLength',
  'msDS-PSOAppliesTo',
] as const;

/** pwdPolicy attributes (ppolicy schema). */
export const PPOLICY_ATTRIBUTES = [
  'pwdMinLength',
  'pwdCheckQuality',
  'pwdMaxFailure',
  'pwdLockout',
  'pwdLockoutDuration',
  'pwdFailureCountInterval',
  'pwdMaxAge',
  'pwdInHistory',
] as const;

/** pwdProperties bit DOMAIN_PASSWORD_COMPLEX (MS-SAMR 2.2.3.10 DOMAIN_PASSWORD_INFORMATION). */
const DOMAIN_PASSWORD_COMPLEX = 0x1;
/** The smallest 64-bit value: an interval of "never" (maxPwdAge) or "until an administrator unlocks" (lockoutDuration). */
const INTERVAL_NEVER = -9223372036854775808n;

/**
 * AD intervals are negative counts of 100 ns. 0 and the smallest 64-bit value mean no limit (passwords
 * never expire, lockout lasts until unlocked): null. Undefined when the attribute is absent or not an integer.
 */
export function adInterval(value: string | undefined): number | null | undefined {
  if (value === undefined || !/^-?\d+$/.test(value.trim())) return undefined;
  const ticks = BigInt(value.trim());
  if (ticks === 0n || ticks <= INTERVAL_NEVER) return null;
  const abs = ticks < 0n ? -ticks : ticks;
  return Number(abs / 10_000_000n);
}

const boolOf = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : v.trim().toUpperCase() === 'TRUE');

function recorded(e: RawEntry, names: readonly string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = texts(e, n);
    if (v.length) out[n] = v.join('; ');
  }
  return Object.keys(out).length ? out : undefined;
}

/** The domain policy, from the domainDNS object (absent when none of its attributes were readable). */
export function adDomainPolicy(e: RawEntry, source: string): PasswordPolicy | undefined {
  const attributes = recorded(e, AD_DOMAIN_POLICY_ATTRIBUTES);
  if (!attributes) return undefined;
  const props = integer(e, 'pwdProperties');
  return {
    source,
    id: e.dn,
    kind: 'ad-domain',
    name: 'Default domain password policy',
    dn: e.dn,
    minLength: integer(e, 'minPwdLength'),
    complexity: props === undefined ? undefined : (props & DOMAIN_PASSWORD_COMPLEX) !== 0,
    lockoutThreshold: integer(e, 'lockoutThreshold'),
    lockoutDurationSeconds: adInterval(text(e, 'lockoutDuration')),
    lockoutWindowSeconds: adInterval(text(e, 'lockOutObservationWindow')),
    maxAgeSeconds: adInterval(text(e, 'maxPwdAge')),
    historyLength: integer(e, 'pwdHistoryLength'),
    attributes,
  };
}

export const isPasswordSettingsObject = (e: RawEntry): boolean => objectClasses(e).has('msds-passwordsettings');
export const isPpolicyEntry = (e: RawEntry): boolean => objectClasses(e).has('pwdpolicy');

export function adPasswordSettings(e: RawEntry, source: string): PasswordPolicy {
  const guid = binary(e, 'objectGUID');
  return {
    source,
    id: e.dn,
    kind: 'ad-pso',
    name: text(e, 'cn') ?? e.dn,
    dn: e.dn,
    guid: guid ? decodeGuid(guid) : undefined,
    precedence: integer(e, 'msDS-PasswordSettingsPrecedence'),
    appliesTo: texts(e, 'msDS-PSOAppliesTo'),
    minLength: integer(e, 'msDS-MinimumPasswordLength'),
    complexity: boolOf(text(e, 'msDS-PasswordComplexityEnabled')),
    lockoutThreshold: integer(e, 'msDS-LockoutThreshold'),
    lockoutDurationSeconds: adInterval(text(e, 'msDS-LockoutDuration')),
    lockoutWindowSeconds: adInterval(text(e, 'msDS-LockoutObservationWindow')),
    maxAgeSeconds: adInterval(text(e, 'msDS-MaximumPasswordAge')),
    historyLength: integer(e, 'msDS-PasswordHistoryLength'),
    attributes: recorded(e, AD_PSO_ATTRIBUTES),
  };
}

/**
 * A ppolicy entry. pwdMinLength counts only when quality checking is on (pwdCheckQuality 1 or 2); the
 * lockout counts only with pwdLockout TRUE (pwdMaxFailure alone does not lock); pwdMaxAge 0 or absent
 * means passwords never expire (draft-behera-ldap-password-policy-10, 5.2). The overlay has no
 * complexity rule of its own (only a site's check module), so complexity is left unknown.
 */
export function ppolicyEntry(e: RawEntry, source: string, defaultDn: string | undefined): PasswordPolicy {
  const quality = integer(e, 'pwdCheckQuality') ?? 0;
  const lockout = boolOf(text(e, 'pwdLockout')) ?? false;
  const maxFailure = integer(e, 'pwdMaxFailure') ?? 0;
  const maxAge = integer(e, 'pwdMaxAge');
  const duration = integer(e, 'pwdLockoutDuration');
  return {
    source,
    id: e.dn,
    kind: 'ppolicy',
    name: text(e, 'cn') ?? e.dn,
    dn: e.dn,
    ...(defaultDn !== undefined && normalizeDn(defaultDn) === normalizeDn(e.dn) ? { isDefault: true } : {}),
    minLength: quality > 0 ? (integer(e, 'pwdMinLength') ?? 0) : 0,
    lockoutThreshold: lockout ? maxFailure : 0,
    // pwdLockoutDuration 0: locked until an administrator resets it.
    lockoutDurationSeconds: duration === undefined ? undefined : duration === 0 ? null : duration,
    lockoutWindowSeconds: integer(e, 'pwdFailureCountInterval') || null,
    maxAgeSeconds: maxAge ? maxAge : null,
    historyLength: integer(e, 'pwdInHistory'),
    attributes: recorded(e, PPOLICY_ATTRIBUTES),
  };
}
