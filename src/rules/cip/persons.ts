import { normalizeAddress, normalizeKey } from '../../util/normalize.js';
import type { RuleContext } from '../../engine/context.js';

/** True when persons come from an HR roster (records can only be reconciled against a roster). */
export const hasRoster = (ctx: RuleContext): boolean => ctx.people.fromRoster;

/**
 * Resolves how a record names a person (roster id, employee id, email or UPN; case and spaces do not
 * matter) to the person's index. A name that fits two persons resolves to none, and is reported.
 */
export function personResolver(ctx: RuleContext): (ref: string) => number | undefined {
  let r = resolvers.get(ctx);
  if (!r) resolvers.set(ctx, (r = buildResolver(ctx)));
  return r;
}

/** One resolver per evaluation context: every CIP rule of a run resolves against the same roster. */
const resolvers = new WeakMap<RuleContext, (ref: string) => number | undefined>();

function buildResolver(ctx: RuleContext): (ref: string) => number | undefined {
  const byKey = new Map<string, number>();
  const clash = new Set<string>();
  const add = (k: string, i: number): void => {
    const prev = byKey.get(k);
    if (prev !== undefined && prev !== i) clash.add(k);
    else byKey.set(k, i);
  };
  // Synthesised persons (no roster) have no HR identity to resolve records against.
  const ps = ctx.people.persons;
  if (ctx.people.fromRoster) {
    for (let i = 0; i < ps.length; i++) {
      add(`id:${normalizeKey(ps.str(i, 'id')!)}`, i);
      const employeeId = ps.str(i, 'employeeId');
      if (employeeId) add(`id:${normalizeKey(employeeId)}`, i);
      for (const f of ['email', 'upn'] as const) {
        const a = ps.str(i, f);
        if (a) add(`id:${normalizeAddress(a)}`, i);
      }
    }
  }
  return (ref) => {
    const k = `id:${ref.includes('@') ? normalizeAddress(ref) : normalizeKey(ref)}`;
    return clash.has(k) ? undefined : byKey.get(k);
  };
}
