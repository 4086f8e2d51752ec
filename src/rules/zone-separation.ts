import { z } from 'zod';
import { ZoneId } from '../config/audit-config.js';
import { popcount } from '../engine/zones.js';
import { defineRuleKind, type FindingDraft } from './rule-kind.js';
import { accountSubject, holdings, personHoldings, personSubject } from './person-chains.js';

const Options = z
  .object({
    zones: z.array(ZoneId).min(2).describe('Mutually exclusive zones: holding credentials in any two is a violation.'),
    subjects: z
      .enum(['persons', 'unattributed-accounts'])
      .default('persons')
      .describe('Persons (all their correlated accounts together), or accounts correlated to no person.'),
    scope: z.string().default('all').describe('Population of persons the rule applies to ("all" or a name under populations).'),
    allow: z
      .array(
        z
          .object({
            population: z.string().describe('Persons allowed (e.g. the central correlation team).'),
            entitlements: z.string().describe('Entitlement set (under entitlementSets) they may hold in any zone, e.g. read-only roles.'),
          })
          .strict(),
      )
      .default([])
      .describe('Hybrid allowance: these persons may hold these entitlements across zones, and nothing else that crosses.'),
  })
  .strict();

/**
 * No person in scope holds credentials in two exclusive zones (DOMAIN.md 4-5). With an allowance,
 * the allowed entitlements are set aside and the person is checked on everything else.
 */
export const zoneSeparation = defineRuleKind({
  kind: 'zone-separation',
  description: 'No person (or unattributed account) holds credentials in two mutually exclusive zones.',
  options: Options,
  evaluate(ctx, o) {
    const unknown = o.zones.find((z) => !ctx.zones.has(z));
    if (unknown) return { notEvaluated: `zone "${unknown}" is not defined in the configuration` };
    const mask = ctx.zones.mask(o.zones);
    const findings: FindingDraft[] = [];
    if (o.subjects === 'unattributed-accounts') {
      const nowMs = ctx.now.getTime();
      for (let a = 0; a < ctx.estate.principals.length; a++) {
        if (ctx.people.personOf[a]! >= 0 || !ctx.estate.principals.isActive(a, nowMs)) continue;
        if (popcount(ctx.effective[a]! & mask) < 2) continue;
        const { held, chains } = holdings(ctx, [a], mask, undefined);
        const zones = ctx.zones.names(held);
        findings.push({
          subject: accountSubject(ctx, a),
          zones,
          chains,
          message: `account ${accountSubject(ctx, a).name}, attributed to no person, holds credentials in ${zones.join(' and ')}`,
        });
      }
      return { findings };
    }
    const scope = ctx.population(o.scope);
    const allowances = o.allow.map((al) => ({ persons: ctx.population(al.population), allowed: ctx.entitlementSet(al.entitlements) }));
    for (const p of scope) {
      if (popcount(ctx.personZones[p]! & mask) < 2) continue;
      const preds = allowances.filter((al) => al.persons.has(p)).map((al) => al.allowed);
      const allowed = preds.length ? (n: number) => preds.some((pred) => pred(n)) : undefined;
      const { held, chains } = personHoldings(ctx, p, mask, allowed);
      if (popcount(held) < 2) continue;
      const zones = ctx.zones.names(held);
      const subject = personSubject(ctx, p);
      findings.push({
        subject,
        zones,
        chains,
        message: `${subject.name} holds credentials in ${zones.join(' and ')}${allowed ? ' beyond the allowed read-only entitlements' : ''}`,
        details: { accounts: chains.map((c) => c.steps[1]?.name).filter((v, i, a) => a.indexOf(v) === i) },
      });
    }
    return { findings };
  },
});
