import { z } from 'zod';
import type { RuleContext } from '../../engine/context.js';
import { addCalendarDays, isPastDay } from '../../util/calendar.js';
import { accountChain } from './chains.js';
import type { ReportedFinding } from '../rule-kind.js';
import { personSubject } from '../person-chains.js';
import { Scope, scopeHoldings, scopeSources, type ResolvedScope } from './scope.js';
import { defineCipKind, type Reconciliation } from './cip-kind.js';
import { REVOCATION_COLUMNS, revocationScope, terminatedAccounts } from './revocation-events.js';

const Options = z
  .object({
    scope: Scope,
    days: z.number().int().positive().default(30).describe('Calendar days allowed after the termination.'),
  })
  .strict();

/** CIP-004-7 R5.3: a terminated person's accounts on in-scope systems are disabled or expired within `days` calendar days. */
const messages = {
  stillEnabled: 'account {{account}} ({{source}}) of {{person}}, terminated {{at}}, is still enabled{{afterDeadline}}',
};

export const terminationAccounts = defineCipKind({
  kind: 'termination-accounts',
  description: "A terminated person's accounts on in-scope systems are revoked within 30 calendar days (CIP-004-7 R5.3).",
  options: Options,
  meta: { docs: 'docs/rules/termination-accounts.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    const scope = revocationScope(ctx, o.scope);
    return 'notEvaluated' in scope ? scope : accountsAfterTermination(ctx, scope, o);
  },
});

/** R5.3: a terminated person's accounts on in-scope systems are disabled within 30 calendar days. */
function accountsAfterTermination(
  ctx: RuleContext,
  scope: ResolvedScope,
  o: { days: number },
): Reconciliation<ReportedFinding<keyof typeof messages>> {
  const holdings = scopeHoldings(ctx, scope);
  const sources = scopeSources(ctx, scope);
  const rows: Record<string, string>[] = [];
  const findings: ReportedFinding<keyof typeof messages>[] = [];
  for (const { p, at, a, acc, who, active } of terminatedAccounts(ctx)) {
    const person = ctx.people.persons.at(p);
    const deadline = at ? addCalendarDays(at, o.days, ctx.timeZone) : undefined;
    const past = !deadline || isPastDay(deadline, ctx.now, ctx.timeZone);
    if (!holdings.has(a) && !sources.has(acc.source)) continue;
    const status = !active ? 'revoked' : past ? 'account not revoked' : 'within deadline';
    rows.push({
      person: person.id,
      person_name: person.name,
      event: 'termination',
      event_at: at ?? '',
      deadline: deadline ? `end of ${deadline}` : 'passed (termination time unknown)',
      account: who,
      account_source: acc.source,
      entitlement: '',
      status,
      evidence: acc.enabled ? (active ? 'enabled' : `expired ${acc.expiresAt}`) : 'disabled',
    });
    if (!active || !past) continue;
    findings.push({
      subject: personSubject(ctx, p),
      zones: ctx.zones.names(ctx.effective[a]! & (scope.zoneMask || 0xffffffff)),
      key: `account:${acc.source}:${acc.id}`,
      chains: [accountChain(ctx, a, p)],
      messageId: 'stillEnabled',
      data: {
        account: who,
        source: acc.source,
        person: person.name,
        at: at ?? '(time not recorded)',
        afterDeadline: deadline ? ` after the ${o.days}-day deadline (${deadline})` : '',
      },
      details: { terminatedAt: at, deadline, lastLogonAt: acc.lastLogonAt },
    });
  }
  return { columns: REVOCATION_COLUMNS, rows, findings };
}
