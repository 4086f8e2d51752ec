import { z } from 'zod';
import { addCalendarMonths, isPastDay, localDay } from '../../util/calendar.js';
import { Scope } from './scope.js';
import type { ReportedFinding } from '../rule-kind.js';
import { accountSubject } from '../person-chains.js';
import { defineCipKind } from './cip-kind.js';
import { chainsOf, passwordPopulation, seconds } from './password-population.js';
import { Deadline } from './recency.js';

const Options = z
  .object({
    scope: Scope,
    months: z.number().int().positive().default(15).describe('Calendar months a password may stay unchanged (R5.6: 15).'),
    deadline: Deadline,
  })
  .strict();

const COLUMNS = ['account', 'source', 'password_last_set', 'change_due_by', 'policy', 'max_age', 'never_expires', 'status'] as const;

/**
 * CIP-007-6 R5.6: where technically feasible, passwords are changed at least once every 15 calendar
 * months. The evidence is each in-scope account's password-last-set time (AD pwdLastSet, Entra
 * lastPasswordChangeDateTime, OpenLDAP pwdChangedTime); the policy's maximum age is shown beside it. An
 * account with a TFE on record for R5.6 is listed as technically infeasible, with the reference.
 */
const messages = {
  overdue: '{{account}} last changed its password on {{changed}}; a change was due by {{due}}',
  unknown: '{{account}} holds in-scope access and the directory does not show when its password was last changed',
};

export const passwordChange = defineCipKind({
  kind: 'password-change',
  description: 'Every in-scope account changed its password within the last N calendar months, unless a TFE covers it.',
  options: Options,
  meta: { docs: 'docs/rules/password-change.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    const population = passwordPopulation(ctx, o.scope, 'R5.6');
    if ('notEvaluated' in population) return population;
    const rows: Record<string, string>[] = [];
    const findings: ReportedFinding<keyof typeof messages>[] = [];
    for (const p of population) {
      const set = p.account.passwordLastSetAt;
      const due = set ? addCalendarMonths(set, o.months, ctx.timeZone, o.deadline === 'end-of-month') : undefined;
      const overdue = due !== undefined && isPastDay(due, ctx.now, ctx.timeZone);
      const policy = p.governing.policy;
      rows.push({
        account: p.name,
        source: p.account.source,
        password_last_set: set ?? 'not shown',
        change_due_by: due ?? '',
        policy: policy?.name ?? p.governing.problem ?? '',
        max_age: seconds(policy?.maxAgeSeconds),
        never_expires: p.account.passwordNeverExpires ? 'yes' : '',
        status: p.tfe ? `technically infeasible: TFE ${p.tfe}` : !set ? 'not shown' : overdue ? 'overdue' : 'current',
      });
      if (p.tfe || (set && !overdue)) continue;
      findings.push({
        subject: accountSubject(ctx, p.index),
        zones: [],
        key: set ? 'overdue' : 'not-shown',
        chains: chainsOf(ctx, [p]),
        messageId: set ? 'overdue' : 'unknown',
        data: { account: p.name, changed: set ? localDay(set, ctx.timeZone) : '', due: due ?? '' },
        details: { passwordLastSetAt: set, dueBy: due, passwordNeverExpires: p.account.passwordNeverExpires ?? false },
      });
    }
    return { columns: COLUMNS, rows, findings };
  },
});
