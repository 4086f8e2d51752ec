import { z } from 'zod';
import type { RuleContext } from '../../engine/context.js';
import { isPastHours } from '../../util/calendar.js';
import { accountChain, chainTo, entitlementName } from './chains.js';
import type { ReportedFinding } from '../rule-kind.js';
import { personSubject } from '../person-chains.js';
import { Scope, scopeHoldings, scopeSources, type ResolvedScope } from './scope.js';
import { defineCipKind, type Reconciliation } from './cip-kind.js';
import { REVOCATION_COLUMNS, revocationScope, terminatedAccounts } from './revocation-events.js';

const Options = z
  .object({
    scope: Scope,
    hours: z.number().positive().default(24).describe('Elapsed hours allowed after the termination.'),
  })
  .strict();

/**
 * CIP-004-7 R5.1: after a termination in the HR roster, no enabled account of the person holds in-scope
 * access, and none logged on, more than `hours` later. A directory shows the present, so access removed
 * late but before the run is only caught when a logon after the deadline shows it.
 */
const messages = {
  stillHeld: '{{person}} was terminated {{at}} and still holds {{entitlement}} ({{source}}) through enabled account {{account}}, {{late}}',
  usedAfter:
    'account {{account}} of {{person}} was used at {{logon}}, more than {{hours}} hours after the termination ({{at}}): access was not removed in time',
};

export const terminationAccess = defineCipKind({
  kind: 'termination-access',
  description: 'In-scope access is removed, and unused, within 24 hours of a termination (CIP-004-7 R5.1).',
  options: Options,
  meta: { docs: 'docs/rules/termination-access.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    const scope = revocationScope(ctx, o.scope);
    return 'notEvaluated' in scope ? scope : accessAfterTermination(ctx, scope, o);
  },
});

/** R5.1: no in-scope access held, and no logon, more than 24 hours after a termination. */
function accessAfterTermination(
  ctx: RuleContext,
  scope: ResolvedScope,
  o: { hours: number },
): Reconciliation<ReportedFinding<keyof typeof messages>> {
  const holdings = scopeHoldings(ctx, scope);
  const sources = scopeSources(ctx, scope);
  const rows: Record<string, string>[] = [];
  const findings: ReportedFinding<keyof typeof messages>[] = [];
  for (const { p, at, a, acc, who, active } of terminatedAccounts(ctx)) {
    const person = ctx.people.persons.at(p);
    const deadline = at ? new Date(Date.parse(at) + o.hours * 3_600_000).toISOString() : 'passed (termination time unknown)';
    const past = !at || isPastHours(at, o.hours, ctx.now);
    const base = { person: person.id, person_name: person.name, event: 'termination', event_at: at ?? '', deadline };
    const held = holdings.get(a);
    if (held && active) {
      for (const e of held) {
        const ent = entitlementName(ctx, e);
        rows.push({
          ...base,
          account: who,
          account_source: acc.source,
          entitlement: ent.name,
          status: past ? 'access not removed' : 'within deadline',
          evidence: 'enabled account, membership present',
        });
        if (!past) continue;
        findings.push({
          subject: personSubject(ctx, p),
          zones: ctx.zones.names(ctx.grant[e]!),
          key: `access:${acc.source}:${acc.id}:${ent.id}`,
          chains: [chainTo(ctx, a, e, p)],
          messageId: 'stillHeld',
          data: {
            person: person.name,
            at: at ?? '(time not recorded)',
            entitlement: ent.name,
            source: ent.source,
            account: who,
            late: at ? `more than ${o.hours} hours later` : 'past any deadline',
          },
          details: { terminatedAt: at, deadline, account: who, entitlement: ent.name },
        });
      }
    } else if (held || sources.has(acc.source)) {
      rows.push({
        ...base,
        account: who,
        account_source: acc.source,
        entitlement: '',
        status: 'access removed',
        evidence: active ? 'no in-scope membership' : 'account disabled or expired',
      });
    }
    if (at && acc.lastLogonAt && isPastHours(at, o.hours, new Date(acc.lastLogonAt)) && (held || sources.has(acc.source))) {
      rows.push({
        ...base,
        account: who,
        account_source: acc.source,
        entitlement: '',
        status: 'logon after deadline',
        evidence: `last logon ${acc.lastLogonAt}`,
      });
      findings.push({
        subject: personSubject(ctx, p),
        zones: [],
        key: `logon:${acc.source}:${acc.id}`,
        severity: 'critical',
        chains: [accountChain(ctx, a, p)],
        messageId: 'usedAfter',
        data: { account: who, person: person.name, logon: String(acc.lastLogonAt), hours: o.hours, at: String(at) },
        details: { terminatedAt: at, lastLogonAt: acc.lastLogonAt },
      });
    }
  }
  return { columns: REVOCATION_COLUMNS, rows, findings };
}
