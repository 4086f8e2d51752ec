import { authorization } from './authorization.js';
import type { CipRuleKind } from './cip-kind.js';
import { pra } from './pra.js';
import { privilegeReview } from './privilege-review.js';
import { revocation } from './revocation.js';
import { sharedAccounts } from './shared-accounts.js';
import { training } from './training.js';
import { passwordStrength } from './password-strength.js';
import { passwordChange } from './password-change.js';
import { loginAttempts } from './login-attempts.js';

/** The NERC CIP rule kinds: each reconciles a population, which evidence bundles write per requirement. */
export const cipKinds: readonly CipRuleKind[] = [
  authorization,
  privilegeReview,
  training,
  pra,
  revocation,
  sharedAccounts,
  passwordStrength,
  passwordChange,
  loginAttempts,
] as CipRuleKind[];

export const cipKindFor = (kind: string): CipRuleKind | undefined => cipKinds.find((k) => k.kind === kind);
