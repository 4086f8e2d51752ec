import type { AuditConfig } from '../config/audit-config.js';
import type { Estate } from '../estate/estate.js';
import type { AccessGraph } from './access-graph.js';
import { matchingEntitlements } from './entitlement-match.js';
import type { ZoneTable } from './zones.js';

/** Zones of each source: listed under a zone, or its tenant / domain listed there. */
export function sourceZones(estate: Estate, zonesCfg: AuditConfig['zones'], zones: ZoneTable): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of estate.sources) {
    let m = 0;
    for (const z of zonesCfg) {
      const tenant = s.origin.tenantId?.toLowerCase();
      const domain = s.origin.domainName?.toLowerCase();
      const tenants = z.tenants.map((t) => t.toLowerCase());
      if (z.sources.includes(s.id) || (tenant && tenants.includes(tenant)) || (domain && tenants.includes(domain))) m |= zones.bit(z.id);
    }
    out.set(s.id, m >>> 0);
  }
  return out;
}

/** Zones of each source whose credentials are accounts: there, being an account of the source holds the zone. */
export function accountZones(zonesCfg: AuditConfig['zones'], zones: ZoneTable, bySource: Map<string, number>): Map<string, number> {
  let counts = 0;
  for (const z of zonesCfg) if (z.credentials === 'accounts') counts |= zones.bit(z.id);
  return new Map([...bySource].map(([id, m]) => [id, (m & counts) >>> 0]));
}

/**
 * What each node grants by itself (for zone separation; residency is `sourceZones`):
 * - an account grants the zones its source resides in that count accounts (`credentials: accounts`);
 * - a security group or role grants the zones whose `entitlements` select it, or else the zones its
 *   source resides in that count accounts: an entitlement's zone is what it grants access to, not where
 *   it is stored, and a zone with `credentials: entitlements` is granted only by what it selects;
 * - baseline nodes (what every account has), distribution/Microsoft 365 groups and foreign principals
 *   grant nothing. Baseline nodes still pass on what they hold (see propagate.ts).
 */
export function computeGrants(
  estate: Estate,
  graph: AccessGraph,
  cfg: AuditConfig,
  zones: ZoneTable,
  bySource: Map<string, number>,
  baseline: Uint8Array,
): Uint32Array {
  const grant = new Uint32Array(graph.nodeCount);
  const explicit = new Uint32Array(graph.nodeCount);
  for (const z of cfg.zones) {
    const bit = zones.bit(z.id);
    for (const v of matchingEntitlements(estate, graph, z.entitlements)) explicit[v]! |= bit;
  }
  const byCredentials = accountZones(cfg.zones, zones, bySource);
  const ps = estate.principals;
  for (let v = 0; v < graph.principalCount; v++) {
    const kind = ps.kind(v);
    if (baseline[v] || kind === 'foreign' || (kind === 'group' && !ps.grantsAccess(v))) continue;
    grant[v] = explicit[v] || (byCredentials.get(ps.source(v)) ?? 0);
  }
  graph.roles.forEach((r, k) => {
    const v = graph.principalCount + k;
    if (!baseline[v]) grant[v] = explicit[v] || (byCredentials.get(r.source) ?? 0);
  });
  return grant;
}
