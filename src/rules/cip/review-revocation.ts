import { z } from 'zod';
import { isActiveAccount } from '../../correlate/correlate.js';
import type { AccountNode } from '../../estate/estate.js';
import { addCalendarDays, isPastDay } from '../../util/calendar.js';
import type { ReportedFinding } from '../rule-kind.js';
import { accountSubject, personSubject } from '../person-chains.js';
import { chainTo, entitlementName } from './chains.js';
import { defineCipKind } from './cip-kind.js';
import { recordRef } from './records.js';
import { personReach, resolveReviews, reviewScope } from './review-records.js';
import { Scope } from './scope.js';

const Options = z
  .object({
    scope: Scope,
    days: z.number().int().positive().default(30).describe('Calendar days allowed between a "revoke" decision and the removal.'),
  })
  .strict();

const COLUMNS = ['person', 'person_name', 'entitlement', 'reviewer', 'decided', 'due_by', 'status', 'account', 'record'] as const;

/**
 * CIP-004-7 R4.3 asks that privileges be correct and necessary; a reviewer's "revoke" is the finding
 * that they were not. The decision is carried out when no enabled account of the person still holds
 * the entitlement after the configured number of calendar days.
 */
const messages = {
  notRevoked:
    '{{reviewer}} decided on {{date}} to revoke {{entitlement}} ({{source}}) from {{person}}; account {{account}} still holds it after the {{days}}-day deadline ({{due}})',
};

export const reviewRevocation = defineCipKind({
  kind: 'review-revocation',
  description: 'Entitlements an access review decided to revoke are removed within N calendar days (CIP-004-7 R4.3).',
  options: Options,
  meta: { docs: 'docs/rules/review-revocation.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    const scope = reviewScope(ctx, o.scope, 'review decisions');
    if ('notEvaluated' in scope) return scope;
    const rows: Record<string, string>[] = [];
    const findings: ReportedFinding<keyof typeof messages>[] = [];
    for (const r of resolveReviews(ctx)) {
      const v = r.record.value;
      if (v.decision !== 'revoke') continue;
      const due = addCalendarDays(v.date, o.days, ctx.timeZone);
      const base = { person: v.person, person_name: '', entitlement: v.entitlement, reviewer: v.reviewer, decided: v.date, due_by: due };
      if (r.person === undefined || r.nodes.length === 0) {
        rows.push({
          ...base,
          status: r.person === undefined ? 'unknown person' : 'entitlement not in directory',
          account: '',
          record: recordRef(r.record.row),
        });
        continue;
      }
      const p = r.person;
      const person = ctx.people.persons.at(p);
      let held = false;
      for (const [a, reach] of personReach(ctx, p)) {
        if (!isActiveAccount(ctx.estate.principals.at(a) as AccountNode, ctx.now)) continue;
        for (const e of r.nodes.filter((n) => reach.has(n))) {
          held = true;
          const late = isPastDay(due, ctx.now, ctx.timeZone);
          const ent = entitlementName(ctx, e);
          const who = accountSubject(ctx, a).name;
          rows.push({
            ...base,
            person_name: person.name,
            status: late ? 'still held' : 'within deadline',
            account: who,
            record: recordRef(r.record.row),
          });
          if (!late) continue;
          findings.push({
            subject: personSubject(ctx, p),
            zones: ctx.zones.names(ctx.grant[e]!),
            key: `revoke:${ent.source}:${ent.id}:${accountSubject(ctx, a).id}`,
            chains: [chainTo(ctx, a, e, p)],
            messageId: 'notRevoked',
            data: {
              reviewer: v.reviewer,
              date: v.date,
              entitlement: ent.name,
              source: ent.source,
              person: person.name,
              account: who,
              days: o.days,
              due,
            },
            details: { decided: v.date, dueBy: due, reviewer: v.reviewer, account: who, record: recordRef(r.record.row) },
          });
        }
      }
      if (!held) rows.push({ ...base, person_name: person.name, status: 'revoked', account: '', record: recordRef(r.record.row) });
    }
    return { columns: COLUMNS, rows, findings };
  },
});
