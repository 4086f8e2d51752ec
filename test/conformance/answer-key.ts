import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fixture } from './paths.js';

export const ConformanceCase = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    subject: z.string().min(1).describe('Person id, tool id, source id or account name (UPN), by subjectType.'),
    subjectType: z.enum(['person', 'tool', 'source', 'account']).default('person'),
    subjectSource: z.string().optional().describe('For accounts: the source the account lives in.'),
    class: z.enum(['violation', 'near-miss']),
    rule: z.string().min(1),
    entitlement: z.string().optional().describe('Violations: the entitlement the last step of one of the chains must name.'),
    entitlementSource: z.string().optional(),
    description: z.string().min(1),
    source: z
      .object({ title: z.string().min(1), url: z.url() })
      .strict()
      .describe('The documentation the case is taken from.'),
  })
  .strict()
  .refine((c) => c.class === 'violation' || c.entitlement === undefined, { message: 'only violations name an entitlement' });
export type ConformanceCase = z.infer<typeof ConformanceCase>;

export const AnswerKey = z.object({ '//': z.string().optional(), cases: z.array(ConformanceCase).min(1) }).strict();

export function readAnswerKey(): ConformanceCase[] {
  const { cases } = AnswerKey.parse(JSON.parse(readFileSync(fixture('expected.json'), 'utf8')));
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`expected.json: case id ${c.id} appears twice`);
    ids.add(c.id);
  }
  return cases;
}
