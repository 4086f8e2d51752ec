import { z } from 'zod';
import { recordsOf } from './records.js';
import { Scope } from './scope.js';
import { defineCipKind } from './cip-kind.js';
import { Deadline, reconcileRecency, recencyMessages } from './recency.js';

const Options = z
  .object({
    scope: Scope,
    years: z.number().int().positive().default(7).describe('Years a personnel risk assessment stays valid.'),
    deadline: Deadline,
  })
  .strict();

/** CIP-004-7 R3.5: persons with in-scope access had a personnel risk assessment within 7 years. */
export const pra = defineCipKind({
  kind: 'pra',
  description: 'Persons with in-scope access had a personnel risk assessment within the last N years.',
  options: Options,
  meta: { docs: 'docs/rules/pra.md', fixable: false },
  messages: recencyMessages,
  reconcile(ctx, o) {
    const records = recordsOf(ctx.estate, 'pra').map((r) => ({ person: r.value.person, at: r.value.date, row: r.row }));
    return reconcileRecency(ctx, o.scope, {
      set: 'pra',
      what: 'personnel risk assessment',
      months: o.years * 12,
      deadline: o.deadline,
      records,
    });
  },
});
