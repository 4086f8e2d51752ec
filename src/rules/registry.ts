import type { z } from 'zod';
import type { RuleKind } from './rule-kind.js';
import { zoneSeparation } from './zone-separation.js';
import { toolIsolation } from './tool-isolation.js';
import { directoryIsolation } from './directory-isolation.js';
import { correlationRule } from './correlation.js';
import { authorization } from './cip/authorization.js';
import { privilegeReview } from './cip/privilege-review.js';
import { training } from './cip/training.js';
import { pra } from './cip/pra.js';
import { revocation } from './cip/revocation.js';
import { sharedAccounts } from './cip/shared-accounts.js';

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
  revocation,
  sharedAccounts,
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
  kinds.push(kind);
}
