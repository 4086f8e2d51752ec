import { normalizeKey } from '../correlate/normalize.js';
import type { RuleContext } from '../engine/context.js';

/** Finds an account in a source by id, name, UPN, sAMAccountName or DN (case and spaces do not matter). */
export function accountFinder(ctx: RuleContext): (source: string, ref: string) => number | undefined {
  let f = finders.get(ctx);
  if (!f) finders.set(ctx, (f = buildFinder(ctx)));
  return f;
}

const finders = new WeakMap<RuleContext, (source: string, ref: string) => number | undefined>();

function buildFinder(ctx: RuleContext): (source: string, ref: string) => number | undefined {
  const index = new Map<string, number>();
  ctx.estate.principals.forEach((p, i) => {
    if (p.kind !== 'account') return;
    for (const n of [p.id, p.name, p.upn, p.samAccountName, p.dn]) if (n) index.set(`${p.source}\0${normalizeKey(n)}`, i);
  });
  return (source, ref) => index.get(`${source}\0${normalizeKey(ref)}`);
}
