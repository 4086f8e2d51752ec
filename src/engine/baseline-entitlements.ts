import type { AuditConfig } from '../config/audit-config.js';
import type { Estate } from '../estate/estate.js';
import type { AccessGraph } from './access-graph.js';
import { matchingEntitlements } from './entitlement-match.js';
import { BASELINE_RIDS, isBaselineSid } from './well-known.js';

/**
 * Marks the baseline nodes: groups (or foreign principals) every account of a directory holds, by
 * well-known SID in the sources `baseline.wellKnown` names, plus whatever `baseline.entitlements` selects.
 */
export function baselineNodes(estate: Estate, graph: AccessGraph, baseline: AuditConfig['baseline']): Uint8Array {
  const out = new Uint8Array(graph.nodeCount);
  const wk = baseline.wellKnown;
  if (wk !== false) {
    const only = wk === true ? undefined : new Set(wk);
    const ps = estate.principals;
    for (let v = 0; v < graph.principalCount; v++) {
      if (ps.isAccount(v) || !BASELINE_RIDS.has(ps.sidRid(v))) continue;
      if (only && !only.has(ps.source(v))) continue;
      const sid = ps.str(v, 'sid');
      if (sid && isBaselineSid(sid)) out[v] = 1;
    }
  }
  for (const v of matchingEntitlements(estate, graph, baseline.entitlements)) out[v] = 1;
  return out;
}
