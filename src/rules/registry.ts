import type { z } from 'zod';
import type { RuleKind } from './rule-kind.js';
import { zoneSeparation } from './zone-separation.js';
import { toolIsolation } from './tool-isolation.js';
import { directoryIsolation } from './directory-isolation.js';
import { correlationRule } from './correlation.js';
import { accessReview } from './cip/access-review.js';
import { authorization } from './cip/authorization.js';
import { privilegeReview } from './cip/privilege-review.js';
import { training } from './cip/training.js';
import { pra } from './cip/pra.js';
import { reviewRevocation } from './cip/review-revocation.js';
import { selfReview } from './cip/self-review.js';
import { sharedPasswords } from './cip/shared-passwords.js';
import { terminationAccess } from './cip/termination-access.js';
import { terminationAccounts } from './cip/termination-accounts.js';
import { transferAccess } from './cip/transfer-access.js';
import { sharedAccounts } from './cip/shared-accounts.js';
import { passwordStrength } from './cip/password-strength.js';
import { passwordChange } from './cip/password-change.js';
import { loginAttempts } from './cip/login-attempts.js';
import { verificationQuarters } from './cip/verification-quarters.js';

/** Every rule kind policy packs may name. Adding a kind = one file and one entry here. */
const kinds: RuleKind[] = [
  zoneSeparation,
  toolIsolation,
  directoryIsolation,
  correlationRule,
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
  verificationQuarters,
] as RuleKind[];

/** The built-in kinds and any a library user registered, in that order. */
export const ruleKinds: readonly RuleKind[] = kinds;

export const ruleKindFor = (kind: string): RuleKind | undefined => kinds.find((k) => k.kind === kind);

/**
 * Adds a rule kind of the library user's own, which packs loaded afterwards may name. A kind's name is
 * its identity in packs and findings, so a name already taken is refused rather than replaced.
 */
export function registerRuleKind<O extends z.ZodType>(kind: RuleKind<O>): void {
  if (!/^[a-z][a-z0-9-]*$/.test(kind.kind)) throw new Error(`rule kind name "${kind.kind}": lower case letters, digits and hyphens`);
  if (ruleKindFor(kind.kind)) throw new Error(`rule kind "${kind.kind}" is already registered`);
  if (typeof kind.meta?.docs !== 'string' || typeof kind.messages !== 'object')
    throw new Error(`rule kind "${kind.kind}": give meta ({ docs, fixable }) and messages, as defineRuleKind takes them`);
  kinds.push(kind);
}
