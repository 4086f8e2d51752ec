import { z } from 'zod';
import { isActiveAccount } from '../../correlate/correlate.js';
import type { AccountNode } from '../../estate/estate.js';
import { addCalendarMonths, isPastDay } from '../../util/calendar.js';
import type { ReportedFinding } from '../rule-kind.js';
import { accountSubject, personSubject } from '../person-chains.js';
import { chainTo, entitlementName } from './chains.js';
import { defineCipKind } from './cip-kind.js';
import { FindingsByKey } from './merge.js';
import { recordRef } from './records.js';
import { decides, dependence, resolveReviews, reviewScope, type ResolvedReview } from './review-records.js';
import { Scope, scopeHoldings } from './scope.js';

const Options = z
  .object({
    scope: Scope,
    months: z.number().int().positive().default(15).describe('Calendar months a review decision stays current.'),
  })
  .strict();

const COLUMNS = [
  'person',
  'person_name',
  'account',
  'entitlement',
  'status',
  'decision',
  'reviewer',
  'reviewed',
  'due_by',
  'record',
] as const;

/**
 * CIP-004-7 R4.3: at least once every 15 calendar months, verify that user accounts, groups and their
 * privileges are correct and necessary. Every in-scope entitlement a person holds needs a review
 * decision (keep, revoke or unsure) dated within the period; "unsure" is a decision taken, not one
 * missing, and is shown in the population for follow-up.
 */
const messages = {
  overdue:
    "the last review decision on {{person}}'s {{entitlement}} ({{source}}), held through {{accounts}}, is dated {{date}}: a new one was due by {{due}}",
  noDecision: '{{person}} holds {{entitlement}} ({{source}}) through {{accounts}} with no access review decision',
  notIndependent:
    '{{person}} holds {{entitlement}} ({{source}}) through {{accounts}}, and the only review decisions on it (last {{date}}) were taken by the person reviewed or a holder of the entitlement: it is not verified',
};

export const accessReview = defineCipKind({
  kind: 'access-review',
  description: 'Every in-scope entitlement a person holds has an access review decision within 15 calendar months (CIP-004-7 R4.3).',
  options: Options,
  meta: { docs: 'docs/rules/access-review.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    const scope = reviewScope(ctx, o.scope, 'review decisions');
    if ('notEvaluated' in scope) return scope;
    const holdings = scopeHoldings(ctx, scope);
    const byPerson = new Map<number, ResolvedReview[]>();
    for (const r of resolveReviews(ctx)) if (r.person !== undefined) byPerson.set(r.person, [...(byPerson.get(r.person) ?? []), r]);
    const independence = new Map<ResolvedReview, boolean>();
    const isIndependent = (r: ResolvedReview): boolean => {
      let yes = independence.get(r);
      if (yes === undefined) independence.set(r, (yes = dependence(ctx, r) === undefined));
      return yes;
    };
    const rows: Record<string, string>[] = [];
    const found = new FindingsByKey<keyof typeof messages>();
    const ps = ctx.people.persons;
    for (let p = 0; p < ps.length; p++) {
      const person = ps.at(p);
      for (const a of ctx.people.accountsOf.of(p)) {
        const acc = ctx.estate.principals.at(a) as AccountNode;
        if (!isActiveAccount(acc, ctx.now)) continue;
        for (const e of holdings.get(a) ?? []) {
          const ent = entitlementName(ctx, e);
          const newestFirst = (byPerson.get(p) ?? [])
            .filter((r) => r.nodes.some((n) => decides(ctx, n, e)))
            .sort((x, y) => Date.parse(y.record.value.date) - Date.parse(x.record.value.date));
          // A self-review is no verification (the self-review kind reports it); only independent decisions count.
          const latest = newestFirst.find(isIndependent);
          const dependent = latest ? undefined : newestFirst[0];
          const shown = latest ?? dependent;
          const due = latest ? addCalendarMonths(latest.record.value.date, o.months, ctx.timeZone) : undefined;
          const late = !due || isPastDay(due, ctx.now, ctx.timeZone);
          const who = accountSubject(ctx, a).name;
          rows.push({
            person: person.id,
            person_name: person.name,
            account: who,
            entitlement: ent.name,
            status: dependent ? 'not independently reviewed' : !latest ? 'no review decision' : late ? 'review overdue' : 'reviewed',
            decision: shown?.record.value.decision ?? '',
            reviewer: shown?.record.value.reviewer ?? '',
            reviewed: shown?.record.value.date ?? '',
            due_by: due ?? '',
            record: shown ? recordRef(shown.record.row) : '',
          });
          if (!late) continue;
          const draft: ReportedFinding<keyof typeof messages> = {
            subject: personSubject(ctx, p),
            zones: ctx.zones.names(ctx.grant[e]!),
            key: `review:${ent.source}:${ent.id}`,
            chains: [chainTo(ctx, a, e, p)],
            messageId: latest ? 'overdue' : dependent ? 'notIndependent' : 'noDecision',
            data: {
              person: person.name,
              entitlement: ent.name,
              source: ent.source,
              date: shown?.record.value.date ?? '',
              due: due ?? '',
            },
            details: latest
              ? { lastReviewed: latest.record.value.date, dueBy: due }
              : dependent
                ? { notIndependent: recordRef(dependent.record.row) }
                : {},
          };
          found.add(draft, who);
        }
      }
    }
    return { columns: COLUMNS, rows, findings: found.list() };
  },
});
