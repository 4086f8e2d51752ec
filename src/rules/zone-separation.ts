import { z } from 'zod';
import { ZoneId } from '../config/audit-config.js';
import { popcount } from '../engine/zones.js';
import { nodeName } from '../engine/chains.js';
import { defineRuleKind, type ReportedFinding } from './rule-kind.js';
import type { RuleContext } from '../engine/context.js';
import { holdingsOfMany, type HoldingRequest } from './holdings-batch.js';
import { accountSubject, activeAccounts, personSubject, type Holdings } from './person-chains.js';

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
 * No person in scope holds credentials in two exclusive zones (DOMAIN.md 4-5). With an allowance, the
 * allowed entitlements count as holding their zones; a member of the allowed population violates when
 * they hold two zones and either hold any non-baseline entitlement there that is not allowed (however it
 * is reached, an allowed group nested into it included), or are plain account holders (accounts holding
 * nothing but baseline entitlements) in two zones. An account holding only allowed and baseline
 * entitlements is within the allowance.
 */
export const zoneSeparation = defineRuleKind({
  kind: 'zone-separation',
  description: 'No person (or unattributed account) holds credentials in two mutually exclusive zones.',
  options: Options,
  meta: { docs: 'docs/rules/zone-separation.md', fixable: true },
  messages: {
    unattributed: 'account {{account}}, attributed to no person, holds credentials in {{zones}}',
    person: '{{person}} holds credentials in {{zones}}',
    beyondAllowance: '{{person}} holds credentials in {{zones}}, beyond the allowed entitlements: {{beyond}}',
  },
  evaluate(ctx, o) {
    const unknown = o.zones.find((z) => !ctx.zones.has(z));
    if (unknown) return { notEvaluated: `zone "${unknown}" is not defined in the configuration` };
    const mask = ctx.zones.mask(o.zones);
    const findings: ReportedFinding<'unattributed' | 'person' | 'beyondAllowance'>[] = [];
    if (o.subjects === 'unattributed-accounts') {
      const nowMs = ctx.now.getTime();
      const accounts: number[] = [];
      for (let a = 0; a < ctx.estate.principals.length; a++) {
        if (ctx.people.personOf[a]! >= 0 || !ctx.estate.principals.isActive(a, nowMs)) continue;
        if (popcount(ctx.effective[a]! & mask) >= 2) accounts.push(a);
      }
      const all = holdingsOfMany(
        ctx,
        accounts.map((a) => ({ accounts: [a] })),
        mask,
      );
      accounts.forEach((a, i) => {
        const h = all[i]!;
        const zones = ctx.zones.names(h.held);
        findings.push({
          subject: accountSubject(ctx, a),
          zones,
          chains: h.chains,
          messageId: 'unattributed',
          data: { account: accountSubject(ctx, a).name, zones: zones.join(' and ') },
          details: detailsOf(h),
        });
      });
      return { findings };
    }
    const scope = ctx.population(o.scope);
    const allowances = o.allow.map((al) => ({ persons: ctx.population(al.population), allowed: ctx.entitlementSet(al.entitlements) }));
    const requests: HoldingRequest[] = [];
    for (const p of scope) {
      // Chains are built only for persons who hold two zones at all.
      if (popcount(ctx.personZones[p]! & mask) < 2) continue;
      const preds = allowances.length ? allowances.filter((al) => al.persons.has(p)).map((al) => al.allowed) : undefined;
      const allowed = preds?.length ? (n: number) => preds.some((pred) => pred(n)) : undefined;
      requests.push({ accounts: activeAccounts(ctx, p), person: personSubject(ctx, p), ...(allowed ? { allowed } : {}) });
    }
    // What lies beyond an allowance is listed first: it is what the finding is about.
    const all = holdingsOfMany(ctx, requests, mask);
    for (const [i, request] of requests.entries()) {
      const h = all[i]!;
      const allowed = request.allowed;
      if (popcount(h.held) < 2) continue;
      let beyond: { names: string[]; more: number } | undefined;
      if (allowed) {
        beyond = beyondAllowance(ctx, h);
        if (beyond.names.length === 0) continue;
      }
      const zones = ctx.zones.names(h.held);
      const subject = request.person!;
      findings.push({
        subject,
        zones,
        // Drawn when read (deferred-chains.ts): kept as integers until the report is written.
        chains: h.chains,
        messageId: beyond ? 'beyondAllowance' : 'person',
        data: {
          person: subject.name,
          zones: zones.join(' and '),
          beyond: beyond ? `${beyond.names.join(', ')}${beyond.more ? ` and ${beyond.more} more` : ''}` : '',
        },
        details: {
          accounts: h.starts.map((a) => nodeName(ctx, a)).filter((v, i, a) => a.indexOf(v) === i),
          ...detailsOf(h),
          ...(beyond ? { beyondAllowance: beyond.names, ...(beyond.more ? { beyondAllowanceNotShown: beyond.more } : {}) } : {}),
        },
      });
    }
    return { findings };
  },
});

/** Per zone, the count of entitlements held there but not shown as chains (when capped). */
const detailsOf = (h: Holdings): Record<string, unknown> => (Object.keys(h.notShown).length ? { notShown: h.notShown } : {});

/**
 * What an allowed person holds beyond the allowance, as names: the non-baseline entitlements that are
 * not allowed (those shown, with the count of the rest); or, when they hold none, their plain accounts
 * if those are credentials in two zones.
 */
function beyondAllowance(ctx: RuleContext, h: Holdings): { names: string[]; more: number } {
  const b = h.beyond!;
  if (b.total > 0) return { names: b.names, more: b.total - b.names.length };
  const plainZones = [...h.bare].filter(([, accounts]) => accounts.length > 0);
  if (plainZones.length < 2) return { names: [], more: 0 };
  return {
    names: plainZones.flatMap(([zone, accounts]) => accounts.map((a) => `account ${accountSubject(ctx, a).name} (${zone})`)),
    more: 0,
  };
}
