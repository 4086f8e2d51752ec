import { normalizeKey } from '../../util/normalize.js';
import { resolveSourceRef, sourceIdsOf, type SourceRef } from '../../correlate/source-ref.js';
import type { RuleContext } from '../../engine/context.js';

/** Accounts by name: id, name, UPN, sAMAccountName or DN (case and spaces do not matter), in one source or any. */
export type AccountLookup = (ref: SourceRef) => number[];

/** Finds accounts by id, name, UPN, sAMAccountName or DN, within a source when the reference gives one. */
export function accountFinder(ctx: RuleContext): AccountLookup {
  let f = finders.get(ctx);
  if (!f) finders.set(ctx, (f = buildFinder(ctx)));
  return f;
}

const finders = new WeakMap<RuleContext, AccountLookup>();

function buildFinder(ctx: RuleContext): AccountLookup {
  const index = new Map<string, number[]>();
  const add = (k: string, i: number): void => {
    const list = index.get(k);
    if (!list) index.set(k, [i]);
    else if (!list.includes(i)) list.push(i);
  };
  ctx.estate.principals.forEach((p, i) => {
    if (p.kind !== 'account') return;
    for (const n of [p.id, p.name, p.upn, p.samAccountName, p.dn])
      if (n) {
        add(`${p.source}\0${normalizeKey(n)}`, i);
        add(`\0${normalizeKey(n)}`, i);
      }
  });
  return (ref) => index.get(`${ref.source ?? ''}\0${normalizeKey(ref.name)}`) ?? [];
}

/**
 * The account a record names (`source:name`, or the name with a source column). `account` is set only
 * when exactly one account answers; a name without a source that fits accounts of two sources is
 * `ambiguous`, never guessed.
 */
export function recordAccount(
  ctx: RuleContext,
  cell: string,
  column: string | undefined,
): { ref: SourceRef; account: number | undefined; ambiguous: boolean } {
  const { ref, hits } = resolveSourceRef(cell, sourceIdsOf(ctx.estate), column, accountFinder(ctx));
  return { ref, account: hits.length === 1 ? hits[0] : undefined, ambiguous: hits.length > 1 };
}
