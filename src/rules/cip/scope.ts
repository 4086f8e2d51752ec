import { z } from 'zod';
import { ZoneId } from '../../config/audit-config.js';
import type { RuleContext } from '../../engine/context.js';
import { holdersOf, reverseGraph } from '../../engine/reverse.js';

/**
 * Applicability: which entitlements give access to the systems a requirement covers (high and medium
 * impact BES Cyber Systems, their EACMS and PACS). Named in the configuration, not in the pack, so one
 * pack serves every utility.
 */
export const Scope = z
  .object({
    entitlements: z.string().optional().describe('Entitlement set (under entitlementSets) that grants in-scope access.'),
    zones: z.array(ZoneId).optional().describe('Zones whose groups and roles grant in-scope access.'),
  })
  .strict()
  .refine((s) => s.entitlements !== undefined || (s.zones?.length ?? 0) > 0, 'name an entitlement set, zones, or both');
export type Scope = z.infer<typeof Scope>;

export interface ResolvedScope {
  /** Group and role nodes that grant in-scope access. */
  nodes: Set<number>;
  zoneMask: number;
  describe: string;
}

/** Resolves a scope, or returns why it cannot be (an unknown zone or set: never a silent pass). */
export function resolveScope(ctx: RuleContext, scope: Scope): ResolvedScope | string {
  const unknownZone = scope.zones?.find((z) => !ctx.zones.has(z));
  if (unknownZone) return `zone "${unknownZone}" is not defined in the configuration`;
  if (scope.entitlements && !ctx.config.entitlementSets[scope.entitlements])
    return `entitlement set "${scope.entitlements}" is not defined in the configuration (entitlementSets)`;
  const zoneMask = scope.zones ? ctx.zones.mask(scope.zones) : 0;
  const inSet = scope.entitlements ? ctx.entitlementSet(scope.entitlements) : undefined;
  const nodes = new Set<number>();
  for (let v = 0; v < ctx.graph.nodeCount; v++) {
    const isRole = v >= ctx.graph.principalCount;
    if (!isRole && ctx.estate.principals.at(v).kind !== 'group') continue;
    if ((zoneMask && ctx.grant[v]! & zoneMask) || inSet?.(v)) nodes.add(v);
  }
  const parts = [
    scope.entitlements ? `entitlement set ${scope.entitlements}` : '',
    scope.zones ? `zones ${scope.zones.join(', ')}` : '',
  ].filter(Boolean);
  const describe = parts.join(' and ');
  // An applicability that selects nothing is a configuration mistake far more often than a fact: fail closed.
  if (nodes.size === 0)
    return `${describe} selects no group or role in the collected directories: in-scope access cannot be determined (check the selectors and source ids)`;
  return { nodes, zoneMask, describe };
}

/** Every node `from` reaches (itself included), following memberships, roles and ownership. */
export function reachable(ctx: RuleContext, from: number): Set<number> {
  const seen = new Set([from]);
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (let e = ctx.graph.start[v]!; e < ctx.graph.start[v + 1]!; e++) {
      const w = ctx.graph.to[e]!;
      if (!seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return seen;
}

/**
 * In-scope entitlements held by each account (enabled or not: revocation needs both), keyed by
 * account index. Only accounts that reach a scope node are walked.
 */
export function scopeHoldings(ctx: RuleContext, scope: ResolvedScope): Map<number, number[]> {
  let byScope = holdingsCache.get(ctx);
  if (!byScope) holdingsCache.set(ctx, (byScope = new Map<string, Map<number, number[]>>()));
  let out = byScope.get(scope.describe);
  if (!out) byScope.set(scope.describe, (out = computeHoldings(ctx, scope)));
  return out;
}

/** Every CIP rule of a run usually shares one scope: its holdings are computed once per context. */
const holdingsCache = new WeakMap<RuleContext, Map<string, Map<number, number[]>>>();

function computeHoldings(ctx: RuleContext, scope: ResolvedScope): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (scope.nodes.size === 0) return out;
  const holders = holdersOf(reverseGraph(ctx.graph), scope.nodes);
  ctx.estate.principals.forEach((p, a) => {
    if (p.kind !== 'account' || !holders[a]) return;
    const held = [...reachable(ctx, a)].filter((v) => scope.nodes.has(v)).sort((x, y) => x - y);
    if (held.length) out.set(a, held);
  });
  return out;
}

/**
 * Sources whose accounts count as accounts on in-scope systems: those holding an in-scope group or
 * role, and those belonging to a scope zone. Used where the directory state (an enabled account),
 * not a membership, is what a requirement asks about (CIP-004-7 R5.3, CIP-007-6 R5.2).
 */
export function scopeSources(ctx: RuleContext, scope: ResolvedScope): Set<string> {
  const out = new Set<string>();
  for (const v of scope.nodes)
    out.add(v >= ctx.graph.principalCount ? ctx.graph.roles[v - ctx.graph.principalCount]!.source : ctx.estate.principals.at(v).source);
  if (scope.zoneMask) for (const [id, m] of ctx.sourceZones) if (m & scope.zoneMask) out.add(id);
  return out;
}
