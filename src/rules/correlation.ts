import { z } from 'zod';
import { stepOf } from '../engine/chains.js';
import { defineRuleKind, type ReportedFinding } from './rule-kind.js';
import { accountSubject } from './person-chains.js';

const Options = z
  .object({
    report: z
      .array(z.enum(['ambiguous', 'unattributable']))
      .min(1)
      .default(['ambiguous', 'unattributable']),
    zones: z.array(z.string()).optional().describe('Only accounts holding credentials in these zones (all when omitted).'),
  })
  .strict();

/**
 * Access must be attributable to a person: an account matching two persons, or a human-looking
 * enabled account matching nobody, is unattributable access.
 */
const messages = {
  ambiguous: 'account {{account}} matches {{count}} persons ({{persons}}); its access is attributed to none',
  unattributable: 'enabled account {{account}} matches no person in the roster',
};

export const correlationRule = defineRuleKind({
  kind: 'correlation',
  description: 'Every human account is attributed to exactly one person.',
  options: Options,
  meta: { docs: 'docs/rules/correlation.md', fixable: false },
  messages,
  evaluate(ctx, o) {
    if (o.report.includes('unattributable') && !ctx.people.fromRoster) {
      return { notEvaluated: 'no HR roster in the estate: attribution cannot be checked (add a csv source with `records: roster`)' };
    }
    const unknown = o.zones?.find((z) => !ctx.zones.has(z));
    if (unknown) return { notEvaluated: `zone "${unknown}" is not defined in the configuration` };
    const mask = o.zones ? ctx.zones.mask(o.zones) : 0xffffffff;
    const findings: ReportedFinding<keyof typeof messages>[] = [];
    const relevant = (a: number): number => ctx.effective[a]! & mask;
    if (o.report.includes('ambiguous')) {
      for (const { account, candidates } of ctx.people.ambiguous) {
        if (!relevant(account)) continue;
        const names = candidates.map((c) => ctx.people.persons.at(c));
        findings.push({
          subject: accountSubject(ctx, account),
          zones: ctx.zones.names(relevant(account)),
          key: 'ambiguous',
          chains: names.map((p) => ({
            steps: [stepOf(ctx, account), { type: 'person' as const, id: p.id, name: p.name, via: 'correlated' as const }],
          })),
          messageId: 'ambiguous',
          data: { account: accountSubject(ctx, account).name, count: names.length, persons: names.map((p) => p.id).join(', ') },
          details: { candidates: names.map((p) => p.id) },
        });
      }
    }
    if (o.report.includes('unattributable')) {
      for (const account of ctx.people.unattributable) {
        if (!relevant(account)) continue;
        findings.push({
          subject: accountSubject(ctx, account),
          zones: ctx.zones.names(relevant(account)),
          key: 'unattributable',
          severity: 'medium',
          chains: [{ steps: [stepOf(ctx, account)] }],
          messageId: 'unattributable',
          data: { account: accountSubject(ctx, account).name },
        });
      }
    }
    return { findings };
  },
});
