import { authorization } from './authorization.js';
import type { CipRuleKind } from './cip-kind.js';
import { pra } from './pra.js';
import { privilegeReview } from './privilege-review.js';
import { sharedPasswords } from './shared-passwords.js';
import { terminationAccess } from './termination-access.js';
import { terminationAccounts } from './termination-accounts.js';
import { transferAccess } from './transfer-access.js';
import { sharedAccounts } from './shared-accounts.js';
import { training } from './training.js';
import { passwordStrength } from './password-strength.js';
import { passwordChange } from './password-change.js';
import { loginAttempts } from './login-attempts.js';
import { accessReview } from './access-review.js';
import { reviewRevocation } from './review-revocation.js';
import { selfReview } from './self-review.js';

/** The NERC CIP rule kinds: each reconciles a population, which evidence bundles write per requirement. */
export const cipKinds: readonly CipRuleKind[] = [
  authorization,
  privilegeReview,
  training,
  pra,
  terminationAccess,
  transferAccess,
  terminationAccounts,
  sharedPasswords,
  sharedAccounts,
  passwordStrength,
  passwordChange,
  loginAttempts,
  accessReview,
  reviewRevocation,
  selfReview,
] as CipRuleKind[];

export const cipKindFor = (kind: string): CipRuleKind | undefined => cipKinds.find((k) => k.kind === kind);
