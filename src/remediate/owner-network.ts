import { accountNameIndex, resolveToolIdentities } from '../rules/tool-identities.js';
import { NONE, SINK, SOURCE, type Arc } from './cut.js';
import type { PlanningContext } from './planning-context.js';

/**
 * A person owning tools in two zones (tool isolation, human-owner): the arcs are the person's
 * ownerships of the forbidden zone's tool identities, read as the rule reads them (owners of the
 * service principal and of its application in any tenant). An identity shared with a tool of the
 * home zone cannot lose its owner without the home zone losing it too.
 */
export function ownerArcs(pc: PlanningContext, person: number, forbidden: number, home: number): Arc[] {
  const { ctx } = pc;
  const index = accountNameIndex(ctx.estate);
  const zonesOfIdentity = new Map<number, number>();
  for (const tool of ctx.estate.tools) {
    if (!ctx.zones.has(tool.zone)) continue;
    for (const id of resolveToolIdentities(ctx.estate, tool, index))
      for (const a of id.accounts) zonesOfIdentity.set(a, (zonesOfIdentity.get(a) ?? 0) | ctx.zones.bit(tool.zone));
  }
  const subject = new Set([person]);
  const arcs: Arc[] = [];
  for (const [sp, zones] of zonesOfIdentity) {
    if ((zones & forbidden) === 0) continue;
    const acc = ctx.estate.principals.at(sp);
    if (acc.kind !== 'account') continue;
    const owners = new Set(acc.ownerRefs ?? []);
    const appId = acc.appId?.toLowerCase();
    if (appId) for (const ap of ctx.estate.applications) if (ap.appId.toLowerCase() === appId) for (const o of ap.ownerRefs) owners.add(o);
    for (const o of owners) {
      if (ctx.people.personOf[o] !== person) continue;
      const others = pc.col.others(o, subject);
      arcs.push({ tail: SOURCE, head: o, weight: 0, depth: 0, others: NONE });
      arcs.push(
        zones & home
          ? { tail: o, head: sp, via: 'owner', block: 'the identity is also a tool of the home zone', weight: 0, depth: 1, others: NONE }
          : { tail: o, head: sp, via: 'owner', removal: { type: 'owner', of: sp, owner: o }, weight: 1 + others.count, depth: 1, others },
      );
      arcs.push({ tail: sp, head: SINK, weight: 0, depth: 2, others: NONE });
    }
  }
  return arcs;
}
