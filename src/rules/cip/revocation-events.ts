import type { RuleContext } from '../../engine/context.js';
import { isActiveAccount } from '../../correlate/correlate.js';
import { accountSubject } from '../person-chains.js';
import type { AccountNode } from '../../estate/estate.js';
import type { CipSet } from '../../model/cip-records.js';
import { hasRoster } from './persons.js';
import { hasRecordSet } from './records.js';
import { resolveScope, type ResolvedScope, type Scope } from './scope.js';

/** The population columns of the four CIP-004-7 R5 kinds: one shape, so their evidence tables line up. */
export const REVOCATION_COLUMNS = [
  'person',
  'person_name',
  'event',
  'event_at',
  'deadline',
  'account',
  'account_source',
  'entitlement',
  'status',
  'evidence',
] as const;

export interface Termination {
  p: number;
  /** Undefined when the roster says terminated without a time: the deadline is treated as passed. */
  at: string | undefined;
}

/** Terminations that have happened by the run (HR status terminated, or a termination time in the past). */
export function terminations(ctx: RuleContext): Termination[] {
  const out: Termination[] = [];
  if (!ctx.people.fromRoster) return out;
  const ps = ctx.people.persons;
  for (let p = 0; p < ps.length; p++) {
    const at = ps.str(p, 'terminatedAt');
    if (at) {
      if (Date.parse(at) <= ctx.now.getTime()) out.push({ p, at });
    } else if (ps.status(p) === 'terminated') out.push({ p, at: undefined });
  }
  return out;
}

export const accountOf = (ctx: RuleContext, a: number): AccountNode => ctx.estate.principals.at(a) as AccountNode;

/** One account of a terminated person, with what the R5.1 and R5.3 kinds both read of it. */
export interface TerminatedAccount extends Termination {
  /** The account's principal index, the account, its display name, and whether it can still sign in. */
  a: number;
  acc: AccountNode;
  who: string;
  active: boolean;
}

/** Every account of every person terminated by the run, person by person in roster order. */
export function* terminatedAccounts(ctx: RuleContext): Generator<TerminatedAccount> {
  for (const t of terminations(ctx))
    for (const a of ctx.people.accountsOf.of(t.p)) {
      const acc = accountOf(ctx, a);
      yield { ...t, a, acc, who: accountSubject(ctx, a).name, active: isActiveAccount(acc, ctx.now) };
    }
}

/**
 * What every R5 kind needs before it can say anything: the HR roster (terminations and transfers),
 * a record set some of them also read, and a scope that selects something. Missing data is a reason
 * the rule was not evaluated, never a pass.
 */
export function revocationScope(
  ctx: RuleContext,
  scope: Scope,
  needs?: { set: CipSet; missing: string },
): ResolvedScope | { notEvaluated: string } {
  if (!hasRoster(ctx))
    return { notEvaluated: 'no HR roster in the estate: terminations and transfers are unknown (add a csv source with records: roster)' };
  if (needs && !hasRecordSet(ctx.estate, needs.set)) return { notEvaluated: needs.missing };
  const resolved = resolveScope(ctx, scope);
  return typeof resolved === 'string' ? { notEvaluated: resolved } : resolved;
}
