import { z } from 'zod';
import { recordsOf } from './records.js';
import { Scope } from './scope.js';
import { globToRegExp } from '../../util/glob.js';
import { defineCipKind } from './cip-kind.js';
import { Deadline, reconcileRecency, recencyMessages } from './recency.js';

const Options = z
  .object({
    scope: Scope,
    courses: z.array(z.string()).optional().describe('Globs on course names that count (all courses when omitted).'),
    months: z.number().int().positive().default(15).describe('Calendar months a completion stays valid.'),
    deadline: Deadline,
  })
  .strict();

/** CIP-004-7 R2.2/R2.3: persons with in-scope access completed the training within 15 calendar months. */
export const training = defineCipKind({
  kind: 'training',
  description: 'Persons with in-scope access completed cyber security training within the last N calendar months.',
  options: Options,
  meta: { docs: 'docs/rules/training.md', fixable: false },
  messages: recencyMessages,
  reconcile(ctx, o) {
    const courses = o.courses?.map(globToRegExp);
    const all = recordsOf(ctx.estate, 'training');
    // A record without a course cannot show it is one of `courses`; an export with no courses at all cannot answer.
    if (courses && all.length > 0 && all.every((r) => r.value.course === undefined))
      return { notEvaluated: 'the rule counts only some courses (courses:), but the training records name no course' };
    const records = all
      .filter((r) => !courses || courses.some((c) => r.value.course !== undefined && c.test(r.value.course)))
      .map((r) => ({ person: r.value.person, at: r.value.completed, row: r.row }));
    return reconcileRecency(ctx, o.scope, { set: 'training', what: 'training', months: o.months, deadline: o.deadline, records });
  },
});
