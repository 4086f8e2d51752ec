import { z } from 'zod';
import type { RuleContext } from '../../engine/context.js';
import { isActiveAccount } from '../../correlate/correlate.js';
import { recordAccount } from './accounts.js';
import { addCalendarDays, isPastDay } from '../../util/calendar.js';
import { accountChain } from './chains.js';
import { personResolver } from './persons.js';
import { recordRef, recordsOf } from './records.js';
import type { ReportedFinding } from '../rule-kind.js';
import { accountSubject } from '../person-chains.js';
import { Scope, type ResolvedScope } from './scope.js';
import { defineCipKind, type Reconciliation } from './cip-kind.js';
import { accountOf, REVOCATION_COLUMNS, revocationScope, terminations } from './revocation-events.js';

const Options = z
  .object({
    scope: Scope,
    days: z.number().int().positive().default(30).describe('Calendar days allowed after the termination.'),
  })
  .strict();

/**
 * CIP-004-7 R5.4: the passwords of shared accounts a terminated person was authorised to use (the
 * shared-account inventory) are changed within `days` calendar days; the directory's password-last-set
 * time is the evidence.
 */
const messages = {
  notChanged:
    'the password of shared account {{account}} was last set {{set}}, before {{person}} (authorised to use it) was terminated {{at}}; it was due to change by {{deadline}}',
  unknown:
    "the directory does not show when the password of shared account {{account}} was last set: its change after {{person}}'s termination cannot be shown",
};

export const sharedPasswords = defineCipKind({
  kind: 'shared-passwords',
  description: 'Passwords of shared accounts a terminated person knew are changed within 30 calendar days (CIP-004-7 R5.4).',
  options: Options,
  meta: { docs: 'docs/rules/shared-passwords.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    const scope = revocationScope(ctx, o.scope, {
      set: 'shared-accounts',
      missing:
        'no shared-account inventory in the estate: which shared accounts a person knew is unknown (add a csv source with records: shared-accounts)',
    });
    return 'notEvaluated' in scope ? scope : passwordsAfterTermination(ctx, scope, o);
  },
});

/** R5.4: passwords of shared accounts a terminated person was authorised to use are changed within 30 calendar days. */
function passwordsAfterTermination(
  ctx: RuleContext,
  _scope: ResolvedScope,
  o: { days: number },
): Reconciliation<ReportedFinding<keyof typeof messages>> {
  const resolve = personResolver(ctx);
  const inventory = recordsOf(ctx.estate, 'shared-accounts');
  const rows: Record<string, string>[] = [];
  const findings: ReportedFinding<keyof typeof messages>[] = [];
  for (const { p, at } of terminations(ctx)) {
    const person = ctx.people.persons.at(p);
    const deadline = at ? addCalendarDays(at, o.days, ctx.timeZone) : undefined;
    const past = !deadline || isPastDay(deadline, ctx.now, ctx.timeZone);
    for (const entry of inventory.filter((e) => e.value.individuals.some((i) => resolve(i) === p))) {
      const { ref, account: a } = recordAccount(ctx, entry.value.account, entry.value.source);
      const base = {
        person: person.id,
        person_name: person.name,
        event: 'termination',
        event_at: at ?? '',
        deadline: deadline ? `end of ${deadline}` : 'passed (termination time unknown)',
        account: ref.name,
        account_source: ref.source ?? '',
        entitlement: '',
      };
      if (a === undefined) {
        rows.push({ ...base, status: 'account not in directory', evidence: recordRef(entry.row) });
        continue;
      }
      const acc = accountOf(ctx, a);
      const pwd = acc.passwordLastSetAt;
      const changed = !!pwd && !!at && Date.parse(pwd) > Date.parse(at);
      const active = isActiveAccount(acc, ctx.now);
      const status = !active
        ? 'account disabled'
        : changed
          ? 'password changed'
          : past
            ? pwd
              ? 'password not changed'
              : 'password change not shown'
            : 'within deadline';
      rows.push({ ...base, status, evidence: pwd ? `password last set ${pwd}` : 'directory shows no password-last-set time' });
      if (!active || changed || !past) continue;
      findings.push({
        subject: accountSubject(ctx, a),
        zones: ctx.zones.names(ctx.effective[a]!),
        key: `after:${person.id}`,
        chains: [
          {
            steps: [
              { type: 'person', id: person.id, name: person.name },
              { ...accountChain(ctx, a).steps[0]!, via: 'identity' },
            ],
          },
        ],
        messageId: pwd ? 'notChanged' : 'unknown',
        data: {
          account: accountSubject(ctx, a).name,
          set: pwd ?? '',
          person: person.name,
          at: at ?? '(time not recorded)',
          deadline: deadline ?? 'now',
        },
        details: { person: person.id, terminatedAt: at, passwordLastSetAt: pwd, deadline },
      });
    }
  }
  return { columns: REVOCATION_COLUMNS, rows, findings };
}
