import { z } from 'zod';
import { isActiveAccount } from '../../correlate/correlate.js';
import { addCalendarMonths, isPastDay, localDay } from '../../util/calendar.js';
import { chainTo } from './chains.js';
import { hasRoster, personResolver } from './persons.js';
import { hasRecordSet, recordRef, type CipRecord } from './records.js';
import { resolveScope, Scope, scopeHoldings } from './scope.js';
import type { RuleContext } from '../../engine/context.js';
import type { Chain } from '../../model/findings.js';
import type { ReportedFinding } from '../rule-kind.js';
import { accountSubject, personSubject } from '../person-chains.js';
import type { Reconciliation, ReconcileOutcome } from './cip-kind.js';
import { recordSubject } from './record-subject.js';

export const Deadline = z
  .enum(['same-day', 'end-of-month'])
  .default('same-day')
  .describe('Whether N calendar months end on the same day of the month (stricter) or at the end of that month.');

/** What a recency requirement needs from its record set. */
export interface RecencySpec {
  set: 'training' | 'pra';
  what: string;
  months: number;
  deadline: 'same-day' | 'end-of-month';
  records: { person: string; at: string; row: CipRecord<unknown>['row'] }[];
}

const COLUMNS = ['person', 'person_name', 'accounts', 'status', 'last_completed', 'due_by', 'record'] as const;

/**
 * Persons with in-scope access need a record no older than N calendar months (training: 15, PRA: 7
 * years). The newest record counts; records dated after the run or naming nobody are reported.
 */
/** Messages of the kinds that reconcile a recency (training, pra); `{{what}}` names the record. */
export const recencyMessages = {
  unknownPerson: '{{what}} record ({{record}}) names "{{person}}", who is not in the roster (or matches two persons)',
  unattributed: 'account {{account}} holds in-scope access but is attributed to no person: no {{what}} record can cover it',
  overdue: '{{person}} holds in-scope access but the last {{what}} ({{last}}) was due again by {{due}}',
  missing: '{{person}} holds in-scope access with no {{what}} record',
};
type RecencyFinding = ReportedFinding<keyof typeof recencyMessages>;

export function reconcileRecency(ctx: RuleContext, scopeOpt: Scope, spec: RecencySpec): ReconcileOutcome<RecencyFinding> {
  if (!hasRoster(ctx))
    return { notEvaluated: 'no HR roster in the estate: records cannot be matched to persons (add a csv source with records: roster)' };
  if (!hasRecordSet(ctx.estate, spec.set))
    return { notEvaluated: `no ${spec.what} records in the estate (add a csv source with records: ${spec.set})` };
  const scope = resolveScope(ctx, scopeOpt);
  if (typeof scope === 'string') return { notEvaluated: scope };
  const resolve = personResolver(ctx);
  const findings: RecencyFinding[] = [];
  const rows: Record<string, string>[] = [];
  const latest = new Map<number, RecencySpec['records'][number]>();
  const today = localDay(ctx.now, ctx.timeZone);
  for (const r of spec.records) {
    const p = resolve(r.person);
    if (p === undefined) {
      rows.push({
        person: r.person,
        person_name: '',
        accounts: '',
        status: 'unknown person',
        last_completed: r.at,
        due_by: '',
        record: recordRef(r.row),
      });
      findings.push({
        subject: recordSubject(r.row, r.person),
        zones: [],
        key: 'unknown-person',
        severity: 'medium',
        chains: [],
        messageId: 'unknownPerson',
        data: { what: spec.what, record: recordRef(r.row), person: r.person },
      });
      continue;
    }
    if (localDay(r.at, ctx.timeZone) > today) continue;
    const prev = latest.get(p);
    if (!prev || Date.parse(r.at) > Date.parse(prev.at)) latest.set(p, r);
  }
  const heldBy = new Map<number, { account: number; entitlement: number }[]>();
  for (const [a, held] of scopeHoldings(ctx, scope)) {
    const acc = ctx.estate.principals.at(a);
    if (acc.kind !== 'account' || !isActiveAccount(acc, ctx.now)) continue;
    const p = ctx.people.personOf[a]!;
    if (p < 0) {
      rows.push({
        person: '',
        person_name: '',
        accounts: accountSubject(ctx, a).name,
        status: 'account attributed to no person',
        last_completed: '',
        due_by: '',
        record: '',
      });
      findings.push({
        subject: accountSubject(ctx, a),
        zones: ctx.zones.names(ctx.grant[held[0]!]!),
        key: 'unattributed',
        chains: [chainTo(ctx, a, held[0]!)],
        messageId: 'unattributed',
        data: { account: accountSubject(ctx, a).name, what: spec.what },
      });
      continue;
    }
    const list = heldBy.get(p) ?? [];
    list.push({ account: a, entitlement: held[0]! });
    heldBy.set(p, list);
  }
  for (const [p, holds] of [...heldBy].sort((x, y) => x[0] - y[0])) {
    const person = ctx.people.persons.at(p);
    const last = latest.get(p);
    const due = last ? addCalendarMonths(last.at, spec.months, ctx.timeZone, spec.deadline === 'end-of-month') : undefined;
    const overdue = !due || isPastDay(due, ctx.now, ctx.timeZone);
    const accounts = holds.map((h) => accountSubject(ctx, h.account).name);
    rows.push({
      person: person.id,
      person_name: person.name,
      accounts: accounts.join('; '),
      status: !last ? `no ${spec.what} record` : overdue ? 'overdue' : 'current',
      last_completed: last?.at ?? '',
      due_by: due ?? '',
      record: last ? recordRef(last.row) : '',
    });
    if (!overdue) continue;
    const chains: Chain[] = holds.slice(0, 5).map((h) => chainTo(ctx, h.account, h.entitlement, p));
    findings.push({
      subject: personSubject(ctx, p),
      zones: [...new Set(holds.flatMap((h) => ctx.zones.names(ctx.grant[h.entitlement]!)))].sort(),
      key: last ? 'overdue' : 'missing',
      chains,
      messageId: last ? 'overdue' : 'missing',
      data: { person: person.name, what: spec.what, last: last ? localDay(last.at, ctx.timeZone) : '', due: due ?? '' },
      details: { lastCompleted: last?.at, dueBy: due, accounts },
    });
  }
  const result: Reconciliation<RecencyFinding> = { columns: COLUMNS, rows, findings };
  return result;
}
