import { z } from 'zod';

/**
 * A password and lockout policy as the directory states it: the Active Directory domain policy (domain
 * object), a fine-grained password settings object (PSO), an OpenLDAP ppolicy entry, or the documented
 * policy of a platform that does not expose one (Entra ID). Times are seconds; `null` means "never" (a
 * password that never expires, a lockout that lasts until an administrator unlocks). An absent field is
 * one the directory did not show, which rules report as not shown, never as met.
 */
export const PasswordPolicyKind = z.enum(['ad-domain', 'ad-pso', 'ppolicy', 'platform']);
export type PasswordPolicyKind = z.infer<typeof PasswordPolicyKind>;

export const PasswordPolicy = z.object({
  source: z.string().min(1),
  id: z.string().min(1).describe('DN of the domain object, PSO or ppolicy entry; "platform" for a documented platform policy.'),
  kind: PasswordPolicyKind,
  name: z.string(),
  dn: z.string().optional(),
  /** objectGUID of a PSO: breaks ties between PSOs of equal precedence. */
  guid: z.string().optional(),
  /** msDS-PasswordSettingsPrecedence: the lowest value wins. */
  precedence: z.number().int().optional(),
  /** msDS-PSOAppliesTo: DNs of the users and groups the PSO is linked to. */
  appliesTo: z.array(z.string()).optional(),
  /** OpenLDAP: the overlay's default policy (ppolicy_default / olcPPolicyDefault), from the source configuration. */
  isDefault: z.boolean().optional(),
  minLength: z.number().int().nonnegative().optional(),
  /** Three or more character categories required (AD complexity; Entra's documented rule). */
  complexity: z.boolean().optional(),
  /** Failed attempts before lockout; 0 = never locks out. */
  lockoutThreshold: z.number().int().nonnegative().optional(),
  lockoutDurationSeconds: z.number().nonnegative().nullable().optional(),
  lockoutWindowSeconds: z.number().nonnegative().nullable().optional(),
  maxAgeSeconds: z.number().nonnegative().nullable().optional(),
  historyLength: z.number().int().nonnegative().optional(),
  /** Documentation that states a platform policy (the evidence when the directory has no policy object). */
  evidence: z.array(z.url()).optional(),
  /** The attribute values as read, for the evidence. */
  attributes: z.record(z.string(), z.string()).optional(),
});
export type PasswordPolicy = z.infer<typeof PasswordPolicy>;
