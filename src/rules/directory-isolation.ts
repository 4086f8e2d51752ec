import { z } from 'zod';
import { ZoneId } from '../config/audit-config.js';
import type { RuleContext } from '../engine/context.js';
import { defineRuleKind, type ReportedFinding } from './rule-kind.js';

const Options = z
  .object({
    zones: z.array(ZoneId).min(2).describe('Zones whose directories must not trust each other.'),
    directions: z
      .array(z.enum(['inbound', 'outbound', 'bidirectional', 'unknown']))
      .default(['inbound', 'outbound', 'bidirectional', 'unknown']),
  })
  .strict();

function partnerZones(ctx: RuleContext, partner: string): number {
  const p = partner.toLowerCase();
  let m = 0;
  for (const z of ctx.config.zones) if (z.tenants.some((t) => t.toLowerCase() === p)) m |= ctx.zones.bit(z.id);
  for (const s of ctx.estate.sources) {
    if (s.origin.tenantId?.toLowerCase() === p || s.origin.domainName?.toLowerCase() === p) m |= ctx.sourceZones.get(s.id) ?? 0;
  }
  return m >>> 0;
}

/** No trust or cross-tenant access between directories of different exclusive zones (AD trusts, Entra partners). */
const messages = {
  trust: '{{source}} has {{direction}} trust with {{partner}} ({{zones}})',
  crossTenant: '{{source}} has {{direction}} cross-tenant access policy with {{partner}} ({{zones}})',
};

export const directoryIsolation = defineRuleKind({
  kind: 'directory-isolation',
  description: 'No trust or cross-tenant access between directories of exclusive zones.',
  options: Options,
  // The trust or partner configuration is one object: its removal is the plan (docs/remediation.md).
  meta: { docs: 'docs/rules/directory-isolation.md', fixable: true },
  messages,
  evaluate(ctx, o) {
    const mask = ctx.zones.mask(o.zones.filter((z) => ctx.zones.has(z)));
    const zonedSources = ctx.estate.sources.filter(
      (s) => (ctx.sourceZones.get(s.id) ?? 0) & mask && ['entra', 'ldap', 'ldif', 'normalized'].includes(s.kind),
    );
    if (zonedSources.length === 0) return { notEvaluated: 'no directory source belongs to these zones' };
    const findings: ReportedFinding<keyof typeof messages>[] = [];
    for (const link of ctx.estate.links) {
      if (!o.directions.includes(link.direction)) continue;
      const from = (ctx.sourceZones.get(link.source) ?? 0) & mask;
      const to = partnerZones(ctx, link.partner) & mask;
      if (!from || !to || (from | to) === from) continue;
      const zones = ctx.zones.names(from | to);
      findings.push({
        subject: { type: 'source', id: link.source, name: link.source },
        zones,
        key: `${link.kind}:${link.partner}`,
        chains: [
          {
            steps: [
              { type: 'source', id: link.source, name: link.source, grants: ctx.zones.names(from) },
              { type: 'source', id: link.partner, name: link.partner, via: 'trust', grants: ctx.zones.names(to) },
            ],
          },
        ],
        messageId: link.kind === 'ad-trust' ? 'trust' : 'crossTenant',
        data: {
          source: link.source,
          direction: `${link.direction === 'inbound' ? 'an' : 'a'} ${link.direction}`,
          partner: link.partner,
          zones: ctx.zones.names(to).join(', '),
        },
      });
    }
    return { findings };
  },
});
