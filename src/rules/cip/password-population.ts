import { isActiveAccount } from '../../correlate/correlate.js';
import { recordAccount } from './accounts.js';
import { recordRef } from './records.js';
import { resolveScope, scopeHoldings, type Scope } from './scope.js';
import type { RuleContext } from '../../engine/context.js';
import type { AccountNode } from '../../estate/estate.js';
import type { PasswordPolicy } from '../../model/password-policy.js';
import { tfeCovers, TfeValues } from '../../model/tfe.js';
import { InputError } from '../../util/errors.js';
import { accountSubject } from '../person-chains.js';
import { chainTo } from './chains.js';
import type { Chain } from '../../model/findings.js';
import { passwordPolicyResolver, type GoverningPolicy } from './password-policy-resolution.js';

/** Account types that authenticate interactively with a password (CIP-007-6 R5.5-R5.7 apply to those). */
const PASSWORD_TYPES = new Set<AccountNode['type']>(['user', 'guest', 'service']);

export interface PasswordAccount {
  index: number;
  account: AccountNode;
  name: string;
  /** In-scope entitlements it holds (for the chain). */
  held: number[];
  governing: GoverningPolicy;
  /** Active TFE references covering this account for the rule's part. */
  tfe?: string;
}

/**
 * The population of the CIP-007-6 R5 password rules: enabled, unexpired accounts that hold in-scope
 * access and sign in with a password (users, guests, service accounts; not service principals or
 * computers), each with the policy that governs it and any TFE on record for the part.
 */
export function passwordPopulation(ctx: RuleContext, scopeOpt: Scope, part: string): PasswordAccount[] | { notEvaluated: string } {
  const scope = resolveScope(ctx, scopeOpt);
  if (typeof scope === 'string') return { notEvaluated: scope };
  const resolver = passwordPolicyResolver(ctx.estate);
  const tfes = tfeIndex(ctx, part);
  const out: PasswordAccount[] = [];
  for (const [a, held] of [...scopeHoldings(ctx, scope)].sort((x, y) => x[0] - y[0])) {
    const acc = ctx.estate.principals.at(a);
    if (acc.kind !== 'account' || !PASSWORD_TYPES.has(acc.type) || !isActiveAccount(acc, ctx.now)) continue;
    out.push({ index: a, account: acc, name: accountSubject(ctx, a).name, held, governing: resolver.resolve(a), tfe: tfes.get(a) });
  }
  return out;
}

/** TFE records for a part, by account index; expired ones do not count. */
function tfeIndex(ctx: RuleContext, part: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const row of ctx.estate.records) {
    if (row.set !== 'tfe') continue;
    const parsed = TfeValues.safeParse(row.values);
    if (!parsed.success)
      throw new InputError(
        `invalid tfe record from source ${row.source}, line ${row.row}: ${parsed.error.issues[0]!.message}`,
        { path: parsed.error.issues[0]!.path.join('.') },
        'recollect the record set from its file',
      );
    const v = parsed.data;
    if (!tfeCovers(v.requirement, part)) continue;
    if (v.expires && Date.parse(v.expires) <= ctx.now.getTime()) continue;
    const { account } = recordAccount(ctx, v.account, v.source);
    if (account !== undefined) out.set(account, `${v.reference} (${recordRef(row)})`);
  }
  return out;
}

export const chainsOf = (ctx: RuleContext, accounts: readonly PasswordAccount[]): Chain[] =>
  accounts.slice(0, 5).map((p) => chainTo(ctx, p.index, p.held[0]!));

/** A policy as the subject of a finding: the policy object, in its source. */
export const policySubject = (p: PasswordPolicy) => ({
  type: 'source' as const,
  id: `${p.source}:${p.id}`,
  name: `${p.name} (${p.source})`,
  source: p.source,
});

/** Accounts grouped by the policy that governs them (in first-seen order). */
export function byPolicy(accounts: readonly PasswordAccount[]): Map<PasswordPolicy, PasswordAccount[]> {
  const out = new Map<PasswordPolicy, PasswordAccount[]>();
  for (const p of accounts) {
    const policy = p.governing.policy;
    if (!policy || p.tfe) continue;
    out.set(policy, [...(out.get(policy) ?? []), p]);
  }
  return out;
}

export const seconds = (s: number | null | undefined): string =>
  s === undefined
    ? 'not shown'
    : s === null
      ? 'never'
      : s % 86_400 === 0
        ? `${s / 86_400} days`
        : s % 60 === 0
          ? `${s / 60} minutes`
          : `${s} seconds`;

export const evidenceOf = (p: PasswordPolicy | undefined): string => (p?.evidence ?? []).join(' ');
