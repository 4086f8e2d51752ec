import type { AccessReviewConfig } from '../config/access-review.js';
import { isActiveAccount } from '../correlate/correlate.js';
import type { RuleContext } from '../engine/context.js';
import type { AccountNode } from '../estate/estate.js';
import { chainTo, entitlementName } from '../rules/cip/chains.js';
import { accountSubject } from '../rules/person-chains.js';
import { entitlementFinder } from '../rules/cip/coverage.js';
import { resolveScope, scopeHoldings } from '../rules/cip/scope.js';
import { InputError, InputErrors } from '../util/errors.js';
import { reviewerPicker } from './assign-reviewer.js';
import type { CampaignItem } from './campaign-file.js';

/**
 * The campaign's lines: one per person and in-scope entitlement held by an enabled account of theirs
 * (what the `access-review` rule needs a decision on), with the accounts, the chain that grants it and
 * the reviewer. Every line must get a reviewer: an entitlement nobody is configured to review is an
 * input error listing each, never a line quietly left out of the campaign.
 */
export function buildCampaign(ctx: RuleContext, config: AccessReviewConfig): CampaignItem[] {
  if (!ctx.people.fromRoster)
    throw new InputError('no HR roster in the estate: a campaign reviews persons', {}, 'add a csv source with records: roster');
  const scope = resolveScope(ctx, { entitlements: config.entitlements });
  if (typeof scope === 'string') throw new InputError(scope, { path: 'accessReview.entitlements' });
  for (const [i, r] of config.reviewers.entries())
    if ('population' in r && r.population !== undefined && !ctx.config.populations[r.population])
      throw new InputError(`population "${r.population}" is not defined`, { path: `accessReview.reviewers[${i}].population` });
  const holdings = scopeHoldings(ctx, scope);
  const pick = reviewerPicker(ctx, config.reviewers);
  const find = entitlementFinder(ctx);
  const items: CampaignItem[] = [];
  const unassigned: InputError[] = [];
  const ps = ctx.people.persons;
  for (let p = 0; p < ps.length; p++) {
    const person = ps.at(p);
    const byEntitlement = new Map<number, number[]>();
    for (const a of ctx.people.accountsOf.of(p)) {
      if (!isActiveAccount(ctx.estate.principals.at(a) as AccountNode, ctx.now)) continue;
      for (const e of holdings.get(a) ?? []) byEntitlement.set(e, [...(byEntitlement.get(e) ?? []), a]);
    }
    for (const [e, accounts] of [...byEntitlement].sort(([x], [y]) => x - y)) {
      const ent = entitlementName(ctx, e);
      const assigned = pick(p, e);
      if (!assigned) {
        unassigned.push(
          new InputError(`no eligible reviewer for ${person.id} (${person.name}) on ${ent.source}:${ent.name}`, {
            path: 'accessReview.reviewers',
          }),
        );
        continue;
      }
      const reviewer = ps.at(assigned.reviewer);
      const chain = chainTo(ctx, accounts[0]!, e).steps;
      items.push({
        row: `R${String(items.length + 1).padStart(4, '0')}`,
        person: person.id,
        person_name: person.name,
        source: ent.source,
        entitlement: ent.name,
        entitlementRef: find(ent.name, ent.source).length === 1 ? ent.name : ent.id,
        accounts: accounts.map((a) => accountSubject(ctx, a).name).join('; '),
        granted_by: chain.map((s) => s.name).join(' > '),
        reviewer: reviewer.id,
        reviewer_name: reviewer.name,
        assignedBy: assigned.rule,
      });
    }
  }
  if (unassigned.length) {
    unassigned[unassigned.length - 1] = new InputError(unassigned.at(-1)!.message, unassigned.at(-1)!.where, NO_REVIEWER_HINT);
    throw new InputErrors(unassigned);
  }
  return items;
}

const NO_REVIEWER_HINT =
  'a reviewer is never the person reviewed, a holder of the entitlement or a terminated person; add a later rule to accessReview.reviewers (e.g. { reviewers: [ID] }) for these';
