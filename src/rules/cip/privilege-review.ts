import { z } from 'zod';
import { describeSourceRef, resolveSourceRef, sourceIdsOf } from '../../correlate/source-ref.js';
import { entitlementFinder } from './coverage.js';
import { addCalendarMonths, isPastDay, localDay } from '../../util/calendar.js';
import { entitlementName } from './chains.js';
import { hasRecordSet, recordRef, recordsOf } from './records.js';
import { resolveScope, Scope } from './scope.js';
import { stepOf } from '../../engine/chains.js';
import type { Subject } from '../../model/findings.js';
import type { ReportedFinding } from '../rule-kind.js';
import { defineCipKind } from './cip-kind.js';
import { Deadline } from './recency.js';
import { recordSubject } from './record-subject.js';

const Options = z
  .object({
    scope: Scope,
    months: z.number().int().positive().default(15).describe('Calendar months between reviews.'),
    deadline: Deadline,
  })
  .strict();

const COLUMNS = ['group', 'source', 'group_id', 'description', 'last_reviewed', 'due_by', 'status', 'record'] as const;

/**
 * CIP-004-7 R4.3: every in-scope group or role has a description of the privileges it grants,
 * reviewed within 15 calendar months. Catalogue rows naming groups a collected directory lacks are
 * reported too (the catalogue has drifted from the directory).
 */
const messages = {
  overdue: 'the privileges of {{entitlement}} ({{source}}) were last reviewed {{reviewed}}; the review was due by {{due}}',
  notInCatalogue: '{{entitlement}} ({{source}}) grants in-scope access: it is not in the privilege catalogue',
  noDescription: '{{entitlement}} ({{source}}) grants in-scope access: its catalogue entry describes no privileges',
  noReviewDate: '{{entitlement}} ({{source}}) grants in-scope access: its catalogue entry has no review date',
  unknownGroup: 'the privilege catalogue ({{record}}) lists {{group}}, which {{where}}',
};

export const privilegeReview = defineCipKind({
  kind: 'privilege-review',
  description: 'Every in-scope group has a privilege description reviewed within N calendar months.',
  options: Options,
  meta: { docs: 'docs/rules/privilege-review.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    if (!hasRecordSet(ctx.estate, 'privileges'))
      return { notEvaluated: 'no group privilege catalogue in the estate (add a csv source with records: privileges)' };
    const scope = resolveScope(ctx, o.scope);
    if (typeof scope === 'string') return { notEvaluated: scope };
    const catalogue = recordsOf(ctx.estate, 'privileges');
    // Each catalogue row resolved once (`source:name`, or name and source column) to the nodes it names.
    const find = entitlementFinder(ctx);
    const ids = sourceIdsOf(ctx.estate);
    const resolved = catalogue.map((c) => ({ c, ...resolveSourceRef(c.value.group, ids, c.value.source, (r) => find(r.name, r.source)) }));
    const entryOfNode = new Map<number, (typeof catalogue)[number]>();
    for (const r of resolved) for (const v of r.hits) if (!entryOfNode.has(v)) entryOfNode.set(v, r.c);
    const rows: Record<string, string>[] = [];
    const findings: ReportedFinding<keyof typeof messages>[] = [];
    for (const v of [...scope.nodes].sort((x, y) => x - y)) {
      const ent = entitlementName(ctx, v);
      const entry = entryOfNode.get(v);
      const reviewed = entry?.value.reviewed;
      const due = reviewed ? addCalendarMonths(reviewed, o.months, ctx.timeZone, o.deadline === 'end-of-month') : undefined;
      const status = !entry
        ? 'not in catalogue'
        : !entry.value.description
          ? 'no description'
          : !due
            ? 'never reviewed'
            : isPastDay(due, ctx.now, ctx.timeZone)
              ? 'review overdue'
              : 'reviewed';
      rows.push({
        group: ent.name,
        source: ent.source,
        group_id: ent.id,
        description: entry?.value.description ?? '',
        last_reviewed: reviewed ?? '',
        due_by: due ?? '',
        status,
        record: entry ? recordRef(entry.row) : '',
      });
      if (status === 'reviewed') continue;
      const subject: Subject = { type: 'group', id: ent.id, name: ent.name, source: ent.source };
      findings.push({
        subject,
        zones: ctx.zones.names(ctx.grant[v]!),
        key: status,
        chains: [{ steps: [stepOf(ctx, v)] }],
        messageId:
          status === 'review overdue'
            ? 'overdue'
            : status === 'not in catalogue'
              ? 'notInCatalogue'
              : status === 'no description'
                ? 'noDescription'
                : 'noReviewDate',
        data: {
          entitlement: ent.name,
          source: ent.source,
          reviewed: status === 'review overdue' ? localDay(reviewed!, ctx.timeZone) : '',
          due: due ?? '',
        },
        details: { lastReviewed: reviewed, dueBy: due, record: entry ? recordRef(entry.row) : undefined },
      });
    }
    for (const { c, ref, hits } of resolved) {
      // A row naming a source that was not collected cannot be checked against it: not reported here.
      if (hits.length > 0 || (ref.source !== undefined && !ids.has(ref.source))) continue;
      rows.push({
        group: ref.name,
        source: ref.source ?? '',
        group_id: '',
        description: c.value.description ?? '',
        last_reviewed: c.value.reviewed ?? '',
        due_by: '',
        status: 'not in directory',
        record: recordRef(c.row),
      });
      findings.push({
        subject: recordSubject(c.row, c.value.group),
        zones: [],
        key: 'not-in-directory',
        severity: 'low',
        chains: [],
        messageId: 'unknownGroup',
        data: {
          record: recordRef(c.row),
          group: describeSourceRef(ref),
          where: ref.source ? 'that source does not hold' : 'no collected directory holds',
        },
      });
    }
    return { columns: COLUMNS, rows, findings };
  },
});
