import { z } from 'zod';
import { normalizeKey } from '../../correlate/normalize.js';
import { addCalendarMonths, isPastDay, localDay } from '../../cip/calendar.js';
import { entitlementName } from '../../cip/chains.js';
import { hasRecordSet, recordRef, recordsOf } from '../../cip/records.js';
import { resolveScope, Scope } from '../../cip/scope.js';
import { stepOf } from '../../engine/chains.js';
import type { Subject } from '../../model/findings.js';
import type { FindingDraft } from '../rule-kind.js';
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
export const privilegeReview = defineCipKind({
  kind: 'privilege-review',
  description: 'Every in-scope group has a privilege description reviewed within N calendar months.',
  options: Options,
  reconcile(ctx, o) {
    if (!hasRecordSet(ctx.estate, 'privileges'))
      return { notEvaluated: 'no group privilege catalogue in the estate (add a csv source with records: privileges)' };
    const scope = resolveScope(ctx, o.scope);
    if (typeof scope === 'string') return { notEvaluated: scope };
    const catalogue = recordsOf(ctx.estate, 'privileges');
    const byKey = new Map(catalogue.map((c) => [`${c.value.source}\0${normalizeKey(c.value.group)}`, c]));
    const matched = new Set<(typeof catalogue)[number]>();
    const rows: Record<string, string>[] = [];
    const findings: FindingDraft[] = [];
    for (const v of [...scope.nodes].sort((x, y) => x - y)) {
      const ent = entitlementName(ctx, v);
      const p = v < ctx.graph.principalCount ? ctx.estate.principals.at(v) : undefined;
      const names = [ent.name, ent.id, p?.kind === 'group' ? p.dn : undefined, p?.kind === 'group' ? p.sid : undefined].filter(
        (x): x is string => !!x,
      );
      const entry = names.map((n) => byKey.get(`${ent.source}\0${normalizeKey(n)}`)).find((x) => x !== undefined);
      if (entry) matched.add(entry);
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
        message:
          status === 'review overdue'
            ? `the privileges of ${ent.name} (${ent.source}) were last reviewed ${localDay(reviewed!, ctx.timeZone)}; the review was due by ${due}`
            : `${ent.name} (${ent.source}) grants in-scope access: ${status === 'not in catalogue' ? 'it is not in the privilege catalogue' : status === 'no description' ? 'its catalogue entry describes no privileges' : 'its catalogue entry has no review date'}`,
        details: { lastReviewed: reviewed, dueBy: due, record: entry ? recordRef(entry.row) : undefined },
      });
    }
    const collected = new Set(ctx.estate.sources.map((s) => s.id));
    const exists = new Set<string>();
    for (let v = 0; v < ctx.graph.nodeCount; v++) {
      const ent = entitlementName(ctx, v);
      const p = v < ctx.graph.principalCount ? ctx.estate.principals.at(v) : undefined;
      if (p && p.kind !== 'group') continue;
      for (const n of [ent.name, ent.id, p?.kind === 'group' ? p.dn : undefined]) if (n) exists.add(`${ent.source}\0${normalizeKey(n)}`);
    }
    for (const c of catalogue) {
      if (matched.has(c) || !collected.has(c.value.source)) continue;
      if (exists.has(`${c.value.source}\0${normalizeKey(c.value.group)}`)) continue;
      rows.push({
        group: c.value.group,
        source: c.value.source,
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
        message: `the privilege catalogue (${recordRef(c.row)}) lists ${c.value.group}, which source ${c.value.source} does not hold`,
      });
    }
    return { columns: COLUMNS, rows, findings };
  },
});
