import { z } from 'zod';
import type { RuleContext } from '../engine/context.js';
import { stepOf } from '../engine/chains.js';
import type { Chain, ChainStep, Subject } from '../model/findings.js';
import type { Tool } from '../model/records.js';
import { defineRuleKind, type ReportedFinding } from './rule-kind.js';
import { holdings, personSubject } from './person-chains.js';
import { accountNameIndex, resolveToolIdentities } from './tool-identities.js';
import { popcount } from '../engine/zones.js';

const CHECKS = ['identity-found', 'identity-zone', 'identity-access', 'shared-directory', 'app-owner-tenant', 'human-owner'] as const;
/** Opt-in checks: not in the default list. */
const OPTIONAL_CHECKS = ['app-owner-unclassified'] as const;

const Options = z
  .object({
    checks: z
      .array(z.enum([...CHECKS, ...OPTIONAL_CHECKS]))
      .default([...CHECKS])
      .describe(
        'Which isolation checks this rule runs. `app-owner-unclassified` (not on by default) also reports, low, an application ' +
          'registered in a tenant that is in no zone and not listed under `vendors`.',
      ),
  })
  .strict();

const toolSubject = (t: Tool): Subject => ({ type: 'tool', id: t.id, name: t.name });
const toolStep = (t: Tool): ChainStep => ({ type: 'tool', id: t.id, name: t.name, grants: [t.zone] });

/** Zone mask of a tenant id by residency (listed under zones[].tenants, or the tenant of a zoned source). */
function tenantZones(ctx: RuleContext, tenant: string): number | undefined {
  const t = tenant.toLowerCase();
  let m = 0;
  for (const z of ctx.config.zones) if (z.tenants.some((x) => x.toLowerCase() === t)) m |= ctx.zones.bit(z.id);
  for (const s of ctx.estate.sources) if (s.origin.tenantId?.toLowerCase() === t) m |= ctx.sourceZones.get(s.id) ?? 0;
  return m === 0 ? undefined : m >>> 0;
}

/** The vendor (under `vendors:`) whose tenant this is, if any. */
const vendorOf = (ctx: RuleContext, tenant: string): string | undefined =>
  ctx.config.vendors.find((v) => v.tenants.some((x) => x.toLowerCase() === tenant.toLowerCase()))?.name;

/**
 * The application objects of a service principal: a multi-tenant application lives in its home tenant
 * and has service principals in others, linked by appId (globally unique), so the application may be
 * in another collected source. Its owners own every service principal of it.
 */
function applicationsOf(ctx: RuleContext, appId: string | undefined): RuleContext['estate']['applications'] {
  if (!appId) return [];
  const id = appId.toLowerCase();
  return ctx.estate.applications.filter((ap) => ap.appId.toLowerCase() === id);
}

/** The tenant that owns a service principal's application: appOwnerOrganizationId, else the tenant holding the application. */
function ownerTenantOf(
  ctx: RuleContext,
  acc: { source: string; appOwnerOrganizationId?: string },
  apps: RuleContext['estate']['applications'],
): string | undefined {
  if (acc.appOwnerOrganizationId) return acc.appOwnerOrganizationId;
  const home = apps.find((ap) => ap.source !== acc.source);
  return home ? ctx.estate.sources.find((s) => s.id === home.source)?.origin.tenantId : undefined;
}

/**
 * Monitoring tools live on isolated tenants and directories (DOMAIN.md 5): each tool's identities
 * exist only in sources of its own zone and hold nothing in other zones; no source hosts tools of two
 * zones; an OT tool's application is not registered in another zone's tenant; no person owns tools
 * in two zones.
 */
const messages = {
  identityNotFound: '{{tool}}: identity "{{ref}}"{{inSource}} was not found in any collected source, so its isolation cannot be checked',
  identityZone: '{{tool}} ({{zone}}) runs as {{identity}} in source {{source}}, which belongs to {{sourceZones}}',
  identityAccess: '{{tool}} ({{zone}}) identity {{identity}} holds entitlements in {{zones}}',
  appOwnerTenant: '{{tool}} ({{zone}}): its application{{application}} is registered in tenant {{tenant}}, which belongs to {{zones}}',
  appOwnerUnclassified:
    "{{tool}} ({{zone}}): its application is registered in tenant {{tenant}}, which is in no configured zone and no listed vendor's (list it under vendors: if it is the tool vendor's)",
  sharedDirectory: 'source {{source}} hosts identities of tools from {{zones}}: {{tools}}',
  humanOwner: '{{person}} owns identities of tools in {{zones}}',
};

export const toolIsolation = defineRuleKind({
  kind: 'tool-isolation',
  description: 'Each monitoring tool runs on identities of its own zone only.',
  options: Options,
  // An identity holding another zone's entitlements and a human owner of tools in two zones are planned.
  meta: { docs: 'docs/rules/tool-isolation.md', fixable: true },
  messages,
  evaluate(ctx, o) {
    if (ctx.estate.tools.length === 0) return { notEvaluated: 'no tool inventory in the estate: add a csv source with `records: tools`' };
    const badZone = ctx.estate.tools.find((t) => !ctx.zones.has(t.zone));
    if (badZone) return { notEvaluated: `tool ${badZone.id} names zone "${badZone.zone}", which the configuration does not define` };
    const on = new Set(o.checks);
    const index = accountNameIndex(ctx.estate);
    const findings: ReportedFinding<keyof typeof messages>[] = [];
    const toolsBySource = new Map<string, Map<string, Tool[]>>();
    const ownerTools = new Map<number, Tool[]>();
    const ownerChains = new Map<number, Chain[]>();

    for (const tool of ctx.estate.tools) {
      const bit = ctx.zones.bit(tool.zone);
      for (const id of resolveToolIdentities(ctx.estate, tool, index)) {
        if (id.accounts.length === 0 && on.has('identity-found')) {
          findings.push({
            subject: toolSubject(tool),
            zones: [tool.zone],
            key: `missing:${id.source ?? '*'}:${id.ref}`,
            severity: 'medium',
            chains: [{ steps: [toolStep(tool)] }],
            messageId: 'identityNotFound',
            data: { tool: tool.name, ref: id.ref, inSource: id.source ? ` in ${id.source}` : '' },
          });
        }
        for (const a of id.accounts) {
          const acc = ctx.estate.principals.at(a);
          if (acc.kind !== 'account') continue;
          const srcZones = ctx.sourceZones.get(acc.source) ?? 0;
          const idStep: ChainStep = { ...stepOf(ctx, a, 'identity') };
          const perSource = toolsBySource.get(acc.source) ?? new Map<string, Tool[]>();
          toolsBySource.set(acc.source, perSource);
          perSource.set(tool.zone, [...(perSource.get(tool.zone) ?? []), tool]);
          if (on.has('identity-zone') && srcZones !== bit) {
            findings.push({
              subject: toolSubject(tool),
              zones: [...new Set([tool.zone, ...ctx.zones.names(srcZones)])],
              key: `zone:${acc.source}:${acc.id}`,
              chains: [
                {
                  steps: [
                    toolStep(tool),
                    idStep,
                    { type: 'source', id: acc.source, name: acc.source, via: 'account-in-source', grants: ctx.zones.names(srcZones) },
                  ],
                },
              ],
              messageId: 'identityZone',
              data: {
                tool: tool.name,
                zone: tool.zone,
                identity: idStep.name,
                source: acc.source,
                sourceZones: ctx.zones.names(srcZones).join(', ') || 'no zone',
              },
            });
          }
          const other = ctx.effective[a]! & ~bit & ~srcZones;
          if (on.has('identity-access') && other) {
            const { chains } = holdings(ctx, [a], other, undefined);
            findings.push({
              subject: toolSubject(tool),
              zones: [tool.zone, ...ctx.zones.names(other)],
              key: `access:${acc.source}:${acc.id}`,
              chains: chains.draw().map((c) => ({
                ...c,
                steps: [toolStep(tool), ...c.steps.map((s, i) => (i === 0 ? { ...s, via: 'identity' as const } : s))],
              })),
              messageId: 'identityAccess',
              data: { tool: tool.name, zone: tool.zone, identity: idStep.name, zones: ctx.zones.names(other).join(', ') },
            });
          }
          const apps = applicationsOf(ctx, acc.appId);
          const ownerTenant = ownerTenantOf(ctx, acc, apps);
          // A tenant of another zone owning the application is the violation. A third party's tenant (a
          // vendor's SaaS connector) is not: listed under `vendors` it is never reported, and unlisted only
          // when `app-owner-unclassified` asks for it (low, to be classified).
          const tz = ownerTenant ? tenantZones(ctx, ownerTenant) : undefined;
          const vendor = ownerTenant && tz === undefined ? vendorOf(ctx, ownerTenant) : undefined;
          const check = tz === undefined ? 'app-owner-unclassified' : 'app-owner-tenant';
          if (on.has(check) && ownerTenant && tz !== bit && vendor === undefined) {
            const grants = tz ? ctx.zones.names(tz) : [];
            const home = apps.find(
              (ap) => ctx.estate.sources.find((s) => s.id === ap.source)?.origin.tenantId?.toLowerCase() === ownerTenant.toLowerCase(),
            );
            // The chain ends at what is owned in the other tenant: the application object when it was
            // collected, else the tenant named by the service principal's appOwnerOrganizationId.
            const owned: ChainStep = home
              ? { type: 'application', source: home.source, id: home.id, name: home.name, via: 'app-owner-tenant', grants }
              : { type: 'source', id: ownerTenant, name: `tenant ${ownerTenant}`, via: 'app-owner-tenant', grants };
            findings.push({
              subject: toolSubject(tool),
              zones: [tool.zone, ...grants],
              key: `owner-tenant:${acc.source}:${acc.id}`,
              severity: tz === undefined ? 'low' : undefined,
              chains: [{ steps: [toolStep(tool), idStep, owned] }],
              messageId: tz ? 'appOwnerTenant' : 'appOwnerUnclassified',
              data: {
                tool: tool.name,
                zone: tool.zone,
                application: home ? ` ${home.name}` : '',
                tenant: ownerTenant,
                zones: grants.join(', '),
              },
            });
          }
          // Owners of the service principal, then owners of its application (in whichever tenant it lives).
          const owners = new Map<number, (typeof apps)[number] | undefined>();
          for (const o of acc.ownerRefs ?? []) owners.set(o, undefined);
          for (const ap of apps) for (const o of ap.ownerRefs) if (!owners.has(o)) owners.set(o, ap);
          for (const [ownerAcc, app] of owners) {
            const person = ctx.people.personOf[ownerAcc]!;
            if (person < 0) continue;
            ownerTools.set(person, [...(ownerTools.get(person) ?? []), tool]);
            const owned: ChainStep[] = app
              ? [{ type: 'application', source: app.source, id: app.id, name: app.name, via: 'owner' }, idStep]
              : [{ ...idStep, via: 'owner' }];
            const chain: Chain = {
              zone: tool.zone,
              steps: [
                { type: 'person', id: ctx.people.persons.at(person).id, name: ctx.people.persons.at(person).name },
                { ...stepOf(ctx, ownerAcc), via: 'correlated' },
                ...owned,
                { ...toolStep(tool), via: 'identity' },
              ],
            };
            ownerChains.set(person, [...(ownerChains.get(person) ?? []), chain]);
          }
        }
      }
    }
    if (on.has('shared-directory')) {
      for (const [source, byZone] of toolsBySource) {
        if (byZone.size < 2) continue;
        const zones = [...byZone.keys()].sort();
        findings.push({
          subject: { type: 'source', id: source, name: source },
          zones,
          chains: [...byZone.entries()].flatMap(([zone, tools]) =>
            tools.map((t) => ({
              zone,
              steps: [
                { type: 'source' as const, id: source, name: source },
                { ...toolStep(t), via: 'identity' as const },
              ],
            })),
          ),
          messageId: 'sharedDirectory',
          data: {
            source,
            zones: zones.join(' and '),
            tools: [...byZone.values()]
              .flat()
              .map((t) => t.name)
              .join(', '),
          },
        });
      }
    }
    if (on.has('human-owner')) {
      for (const [person, tools] of ownerTools) {
        const zones = [...new Set(tools.map((t) => t.zone))].sort();
        if (popcount(ctx.zones.mask(zones)) < 2) continue;
        findings.push({
          subject: personSubject(ctx, person),
          zones,
          key: 'owner',
          chains: ownerChains.get(person)!,
          messageId: 'humanOwner',
          data: { person: ctx.people.persons.at(person).name, zones: zones.join(' and ') },
        });
      }
    }
    return { findings };
  },
});
