import { z } from 'zod';
import { hasRoster } from './persons.js';
import { hasRecordSet } from './records.js';
import { resolveScope, Scope } from './scope.js';
import { defineCipKind } from './cip-kind.js';
import { revocationChecks } from './revocation-checks.js';

const Options = z
  .object({
    scope: Scope,
    check: z
      .enum(['termination-access', 'transfer', 'termination-accounts', 'shared-passwords'])
      .describe(
        'R5.1 access removed within 24 hours of termination; R5.2 access no longer needed removed by the end of the next calendar day after a transfer; R5.3 user accounts revoked within 30 calendar days; R5.4 shared-account passwords changed within 30 calendar days.',
      ),
    hours: z.number().positive().default(24).describe('termination-access: elapsed hours allowed.'),
    days: z.number().int().positive().default(30).describe('termination-accounts and shared-passwords: calendar days allowed.'),
  })
  .strict();
export type RevocationOptions = z.infer<typeof Options>;

/**
 * CIP-004-7 R5: what the directories show after a termination or transfer in the HR roster:
 * enabled flags, memberships, password-last-set and last logon times. A directory shows the present,
 * so access removed late but before the run is only caught when a logon after the deadline shows it.
 */
export const revocation = defineCipKind({
  kind: 'revocation',
  description: 'Access, accounts and shared passwords are revoked within the CIP-004-7 R5 deadlines after terminations and transfers.',
  options: Options,
  reconcile(ctx, o) {
    if (!hasRoster(ctx))
      return { notEvaluated: 'no HR roster in the estate: terminations and transfers are unknown (add a csv source with records: roster)' };
    if (o.check === 'transfer' && !hasRecordSet(ctx.estate, 'authorizations'))
      return {
        notEvaluated:
          'no authorisation records in the estate: which access a transferred person still needs cannot be told (add a csv source with records: authorizations)',
      };
    if (o.check === 'shared-passwords' && !hasRecordSet(ctx.estate, 'shared-accounts'))
      return {
        notEvaluated:
          'no shared-account inventory in the estate: which shared accounts a person knew is unknown (add a csv source with records: shared-accounts)',
      };
    const scope = resolveScope(ctx, o.scope);
    if (typeof scope === 'string') return { notEvaluated: scope };
    return revocationChecks[o.check](ctx, scope, o);
  },
});
