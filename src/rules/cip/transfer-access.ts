import { z } from 'zod';
import type { RuleContext } from '../../engine/context.js';
import { isActiveAccount } from '../../correlate/correlate.js';
import { endOfNextCalendarDay, isPastDay } from '../../util/calendar.js';
import { chainTo, entitlementName } from './chains.js';
import { coveringAuthorization, resolveAuthorizations } from './coverage.js';
import { personResolver } from './persons.js';
import { recordRef } from './records.js';
import { accountSubject, personSubject } from '../person-chains.js';
import { FindingsByKey } from './merge.js';
import { reachable, Scope, scopeHoldings, type ResolvedScope } from './scope.js';
import { defineCipKind, type Reconciliation } from './cip-kind.js';
import type { ReportedFinding } from '../rule-kind.js';
import { accountOf, REVOCATION_COLUMNS, revocationScope } from './revocation-events.js';

const Options = z
  .object({
    scope: Scope,
  })
  .strict();

/**
 * CIP-004-7 R5.2: after a transfer in the HR roster, in-scope access the person still holds is either
 * authorised again by a record dated since the transfer, or gone by the end of the next calendar day.
 */
const messages = {
  notRemoved:
    '{{person}} was transferred {{at}} and still holds {{entitlement}} ({{source}}) through {{accounts}} with no authorisation dated since: it was due to be removed by the end of {{deadline}}',
};

export const transferAccess = defineCipKind({
  kind: 'transfer-access',
  description: 'In-scope access a transferred person no longer needs is removed by the end of the next calendar day (CIP-004-7 R5.2).',
  options: Options,
  meta: { docs: 'docs/rules/transfer-access.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    const scope = revocationScope(ctx, o.scope, {
      set: 'authorizations',
      missing:
        'no authorisation records in the estate: which access a transferred person still needs cannot be told (add a csv source with records: authorizations)',
    });
    return 'notEvaluated' in scope ? scope : accessAfterTransfer(ctx, scope);
  },
});

/** R5.2: after a transfer, in-scope access not re-authorised since is gone by the end of the next calendar day. */
function accessAfterTransfer(ctx: RuleContext, scope: ResolvedScope): Reconciliation<ReportedFinding<keyof typeof messages>> {
  const holdings = scopeHoldings(ctx, scope);
  const auths = resolveAuthorizations(ctx, personResolver(ctx));
  const rows: Record<string, string>[] = [];
  const found = new FindingsByKey<keyof typeof messages>();
  const ps = ctx.people.persons;
  for (let p = 0; p < ps.length; p++) {
    const at = ps.str(p, 'transferredAt');
    if (!ctx.people.fromRoster || !at || Date.parse(at) > ctx.now.getTime() || ps.status(p) === 'terminated') continue;
    const person = ps.at(p);
    const deadline = endOfNextCalendarDay(at, ctx.timeZone);
    const past = isPastDay(deadline, ctx.now, ctx.timeZone);
    for (const a of ctx.people.accountsOf.of(p)) {
      const held = holdings.get(a);
      if (!held || !isActiveAccount(accountOf(ctx, a), ctx.now)) continue;
      const reach = reachable(ctx, a);
      for (const e of held) {
        const ent = entitlementName(ctx, e);
        const cover = coveringAuthorization(ctx, auths, p, reach, e, at);
        const status = cover ? 'authorised after transfer' : past ? 'not removed after transfer' : 'within deadline';
        rows.push({
          person: person.id,
          person_name: person.name,
          event: 'transfer',
          event_at: at,
          deadline: `end of ${deadline}`,
          account: accountSubject(ctx, a).name,
          account_source: accountOf(ctx, a).source,
          entitlement: ent.name,
          status,
          evidence: cover ? recordRef(cover.record.row) : '',
        });
        if (cover || !past) continue;
        found.add(
          {
            subject: personSubject(ctx, p),
            zones: ctx.zones.names(ctx.grant[e]!),
            key: `transfer:${ent.source}:${ent.id}`,
            chains: [chainTo(ctx, a, e, p)],
            messageId: 'notRemoved',
            data: { person: person.name, at, entitlement: ent.name, source: ent.source, deadline },
            details: { transferredAt: at, deadline },
          },
          accountSubject(ctx, a).name,
        );
      }
    }
  }
  return { columns: REVOCATION_COLUMNS, rows, findings: found.list() };
}
