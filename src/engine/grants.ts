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

/**
 * What each node grants by itself. An account grants its source's zones (being an account there);
 * a security group or role grants the zones whose `entitlements` select it, or else its source's
 * zones: an entitlement's zone is what it grants access to, not where it is stored.
 * Distribution/Microsoft 365 groups and foreign principals grant nothing.
 */
export function computeGrants(
  estate: Estate,
  graph: AccessGraph,
  cfg: AuditConfig,
  zones: ZoneTable,
  bySource: Map<string, number>,
): Uint32Array {
  const grant = new Uint32Array(graph.nodeCount);
  const explicit = new Uint32Array(graph.nodeCount);
  for (const z of cfg.zones) {
    const bit = zones.bit(z.id);
    for (const v of matchingEntitlements(estate, graph, z.entitlements)) explicit[v]! |= bit;
  }
  const ps = estate.principals;
  for (let v = 0; v < graph.principalCount; v++) {
    const kind = ps.kind(v);
    if (kind === 'foreign' || (kind === 'group' && !ps.grantsAccess(v))) continue;
    grant[v] = explicit[v] || (bySource.get(ps.source(v)) ?? 0);
  }
  graph.roles.forEach((r, k) => {
    const v = graph.principalCount + k;
    grant[v] = explicit[v] || (bySource.get(r.source) ?? 0);
  });
  return grant;
}
