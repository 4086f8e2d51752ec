import { z } from 'zod';
import type { ReportedFinding } from '../rule-kind.js';
import { personSubject } from '../person-chains.js';
import { entitlementName } from './chains.js';
import { defineCipKind } from './cip-kind.js';
import { recordRef } from './records.js';
import { dependence, resolveReviews, reviewScope } from './review-records.js';
import { Scope } from './scope.js';

const Options = z.object({ scope: Scope }).strict();

const COLUMNS = ['person', 'entitlement', 'reviewer', 'decision', 'date', 'status', 'record'] as const;

/**
 * A review decision is independent only when the reviewer is neither the person reviewed nor a holder
 * of the entitlement under review (who would be judging their own access). Either is a finding on the
 * decision, which then does not count as verification in the auditor's eyes.
 */
const messages = {
  ownAccess: '{{reviewer}} reviewed their own access to {{entitlement}} (decision "{{decision}}" on {{date}}, {{record}})',
  heldByReviewer:
    '{{reviewer}} decided "{{decision}}" on {{entitlement}} for {{person}} while holding {{held}} ({{source}}) themselves ({{record}})',
};

export const selfReview = defineCipKind({
  kind: 'self-review',
  description: 'No access review decision is taken by the person reviewed or by someone who holds the entitlement under review.',
  options: Options,
  meta: { docs: 'docs/rules/self-review.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    const scope = reviewScope(ctx, o.scope, 'reviewers');
    if ('notEvaluated' in scope) return scope;
    const rows: Record<string, string>[] = [];
    const findings: ReportedFinding<keyof typeof messages>[] = [];
    for (const r of resolveReviews(ctx)) {
      const v = r.record.value;
      const dep = dependence(ctx, r);
      const self = dep !== undefined && 'self' in dep;
      const held = dep !== undefined && 'held' in dep ? dep.held : undefined;
      const status =
        r.reviewer === undefined
          ? 'reviewer not in roster'
          : self
            ? 'self-review'
            : held !== undefined
              ? 'reviewer holds the entitlement'
              : 'independent';
      rows.push({
        person: v.person,
        entitlement: v.entitlement,
        reviewer: v.reviewer,
        decision: v.decision,
        date: v.date,
        status,
        record: recordRef(r.record.row),
      });
      if (r.person === undefined || (!self && held === undefined)) continue;
      const reviewer = ctx.people.persons.at(r.reviewer!);
      const ent = held !== undefined ? entitlementName(ctx, held) : undefined;
      findings.push({
        subject: personSubject(ctx, r.person),
        zones: [],
        key: `self:${v.campaign ?? ''}:${v.source ?? ''}:${v.entitlement}`,
        chains: [],
        messageId: self ? 'ownAccess' : 'heldByReviewer',
        data: {
          reviewer: reviewer.name,
          entitlement: v.entitlement,
          decision: v.decision,
          date: v.date,
          record: recordRef(r.record.row),
          person: self ? '' : ctx.people.persons.at(r.person).name,
          held: self ? '' : ent!.name,
          source: self ? '' : ent!.source,
        },
        details: { reviewer: v.reviewer, decision: v.decision, date: v.date, record: recordRef(r.record.row) },
      });
    }
    return { columns: COLUMNS, rows, findings };
  },
});
