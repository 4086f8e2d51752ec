import type { RuleContext } from '../engine/context.js';
import type { Finding } from '../model/findings.js';
import { zoneSeparation } from '../rules/zone-separation.js';
import { minimumCut, NONE, SINK, SOURCE, type Arc } from './cut.js';
import { cutKeepingHome, type HomeCutResult } from './home-cut.js';
import { personHome } from './home-zones.js';
import type { PlanningContext } from './planning-context.js';
import { ownerArcs } from './owner-network.js';
import { nodeText } from './steps.js';
import { zoneArcs, type ZoneTarget } from './zone-network.js';

/** The cut chosen for a finding, before it is written as steps and proven. */
export type Draft =
  | { status: 'planned'; arcs: Arc[]; weight: number; home: number; removed: number; variants?: Draft[] }
  | { status: 'no-cut'; blocking: Arc[]; home: number; removed: number; gaveUp?: boolean; tooCostly?: boolean }
  | { status: 'not-a-removal'; reason: string; home: number; removed: number };

const bitsOf = (m: number): number[] => {
  const out: number[] = [];
  for (let b = 1; b !== 0 && b <= m >>> 0; b <<= 1) if (m & b) out.push(b);
  return out;
};

/**
 * Keeps one zone of the finding and cuts every other: the home zone when it is one of them, else
 * whichever zone is cheapest to keep (a cut beats no cut; the first zone wins a tie). The zone kept
 * is kept whole, as a home zone is: a plan that removes OT keeps everything the subject holds in IT.
 */
function keepOne(zones: number, home: number, cutFor: (forbidden: number, keep: number) => HomeCutResult): Draft {
  const keep = home & zones ? [home & zones] : bitsOf(zones);
  let best: Draft | undefined;
  for (const k of keep) {
    const forbidden = zones & ~k;
    if (forbidden === 0) continue;
    const kept = home | k;
    const d = fromCut(cutFor(forbidden, kept), kept, forbidden);
    if (!best || (d.status === 'planned' && (best.status !== 'planned' || d.weight < best.weight))) best = d;
  }
  return best ?? { status: 'no-cut', blocking: [], home, removed: 0 };
}

/** The minimum cut for one finding (see docs/remediation.md), or why there is none. */
export function planFinding(pc: PlanningContext, f: Finding): Draft[] {
  const { ctx } = pc;
  const zones = ctx.zones.mask(f.zones.filter((z) => ctx.zones.has(z)));
  const none = (reason: string): Draft[] => [{ status: 'not-a-removal', reason, home: 0, removed: 0 }];
  if (f.kind === 'zone-separation') {
    if (f.subject.type === 'account') {
      const a = pc.accountIndex(f.subject.source ?? '', f.subject.id);
      if (a < 0) return none('the account is not in the snapshot');
      const home = (ctx.sourceZones.get(ctx.estate.principals.source(a)) ?? 0) & zones;
      return [
        keepOne(zones, home, (forbidden, keep) =>
          cutZone(pc, { accounts: [a], subject: new Set(pc.col.identitiesOf(a)), forbidden, home: keep, mayDisable: true }),
        ),
      ];
    }
    const p = pc.personIndex(f.subject.id);
    if (p < 0) return none('the person is not in the snapshot');
    const nowMs = ctx.now.getTime();
    const accounts = ctx.people.accountsOf.of(p).filter((a) => ctx.estate.principals.isActive(a, nowMs));
    const home = personHome(ctx, pc.homes, p);
    const allowed = allowanceOf(pc, f, p);
    const base = (forbidden: number, keep: number): ZoneTarget => ({
      accounts,
      subject: new Set([p]),
      forbidden,
      home: keep,
      mayDisable: true,
    });
    // With a hybrid allowance, the allowed entitlements may stay: cut only what lies beyond it. If
    // the person also holds unallowed entitlements at home, that is not enough: cut the whole zone.
    const narrow = allowed
      ? keepOne(zones, home, (forbidden, keep) =>
          cutZone(pc, { ...base(forbidden, keep), isSink: beyondAllowance(ctx, forbidden, allowed) }),
        )
      : undefined;
    const whole = keepOne(zones, home, (forbidden, keep) => cutZone(pc, base(forbidden, keep)));
    return narrow ? [narrow, whole] : [whole];
  }
  if (f.kind === 'tool-isolation') {
    const key = keyOf(f);
    const tool = ctx.estate.tools.find((t) => t.id === f.subject.id);
    if (f.subject.type === 'person' && key === 'owner') {
      const p = pc.personIndex(f.subject.id);
      if (p < 0) return none('the person is not in the snapshot');
      const home = personHome(ctx, pc.homes, p);
      return [keepOne(zones, home, (forbidden, keep) => minimumCut(ownerArcs(pc, p, forbidden, keep)))];
    }
    if (tool && key?.startsWith('access:')) {
      const rest = key.slice('access:'.length);
      const colon = rest.indexOf(':');
      const a = pc.accountIndex(rest.slice(0, colon), rest.slice(colon + 1));
      if (a < 0) return none('the identity is not in the snapshot');
      const home = ctx.zones.bit(tool.zone) | (ctx.sourceZones.get(ctx.estate.principals.source(a)) ?? 0);
      const forbidden = zones & ~home;
      const r = cutZone(pc, { accounts: [a], subject: new Set(pc.col.identitiesOf(a)), forbidden, home, mayDisable: false });
      return [fromCut(r, home, forbidden)];
    }
    return none(
      'not a removal: the tool’s identity itself is in the wrong place (move it to a source of the tool’s zone, or register its application in that zone’s tenant)',
    );
  }
  if (f.kind === 'directory-isolation') {
    const partner = f.chains[0]?.steps[1]?.id;
    const links = ctx.estate.links.filter((l) => l.source === f.subject.id && l.partner === partner);
    if (!partner || links.length === 0) return none('the trust is not in the snapshot');
    const kind = links[0]!.kind;
    if (links.some((l) => l.kind === 'entra-b2b-guest-domain')) return none('not a removal demarc plans: a B2B guest domain list entry');
    const arc: Arc = {
      tail: SOURCE,
      head: SINK,
      removal: { type: 'link', source: f.subject.id, partner, kind },
      weight: 1,
      depth: 0,
      others: NONE,
    };
    return [{ status: 'planned', arcs: [arc], weight: 1, home: 0, removed: zones }];
  }
  return none(`not a kind demarc plans removals for (${f.kind})`);
}

/** The rule's key is not kept on the finding; it is recovered from the chain the rule wrote. */
function keyOf(f: Finding): string | undefined {
  if (f.subject.type === 'person') return 'owner';
  const id = f.chains[0]?.steps[1];
  return id && /holds entitlements in/.test(f.message) ? `access:${id.source}:${id.id}` : undefined;
}

function fromCut(r: HomeCutResult, home: number, removed: number): Draft {
  if (r.status === 'cut') return { status: 'planned', arcs: r.arcs, weight: r.weight, home, removed };
  if (r.status === 'blocked')
    return {
      status: 'no-cut',
      blocking: r.blocking,
      home,
      removed,
      ...(r.gaveUp ? { gaveUp: true } : {}),
      ...(r.tooCostly ? { tooCostly: true } : {}),
    };
  return { status: 'not-a-removal', reason: 'no path to the zone was found in the access graph', home, removed };
}

/** The weight the first pass expands to (see zoneArcs); raised eightfold while the cut needs more. */
const FIRST_LIMIT = 16;
/**
 * The heaviest step a plan may have: a step that takes access from more identities than this is not a
 * remediation anyone would run unreviewed, and finding the exact cut past it means walking most of a
 * large estate. Such a finding is reported as having no cut, with the node every cut must go behind.
 */
export const MAX_STEP_WEIGHT = 1024;

/**
 * The finding's minimum cut that keeps the home zone. Passes with a growing weight limit: nodes whose
 * edges weigh more are not expanded but stand for what is behind them at a weight no cut behind them
 * can beat, so a pass whose cut avoids them has the minimum cut of the whole network, and a pass with
 * no cut at all proves there is none. An allowance's sinks are not every node of the zone (a node left
 * unexpanded may lead to none), so its network is built whole.
 */
function cutZone(pc: PlanningContext, t: ZoneTarget): HomeCutResult {
  const { ctx, col } = pc;
  let limit = t.isSink ? Infinity : FIRST_LIMIT;
  for (;;) {
    const net = zoneArcs(ctx, col, t, limit);
    const r = cutKeepingHome(ctx, t.accounts, t.home, net.arcs, (v) => nodeText(ctx, v));
    if (r.status !== 'cut') return r;
    if (r.arcs.some((a) => a.bound)) {
      if (limit >= MAX_STEP_WEIGHT) {
        const blocking = r.arcs
          .filter((a) => a.bound)
          .map((a) => ({ ...a, block: `every way on from here takes access from more than ${MAX_STEP_WEIGHT} other identities` }));
        return { status: 'blocked', blocking, tooCostly: true };
      }
      limit = Math.min(Math.max(limit * 8, r.weight), MAX_STEP_WEIGHT);
      continue;
    }
    // Who else loses what, for the arcs cut only (the weights above stopped counting at the limit).
    const arcs = r.arcs.map((a) => ({ ...a, others: col.others(a.removal?.type === 'disable' ? a.removal.account : a.tail, t.subject) }));
    return { ...r, arcs };
  }
}

/** The allowed-entitlement predicate of the finding's rule for this person, if an allowance covers them. */
function allowanceOf(pc: PlanningContext, f: Finding, p: number): ((node: number) => boolean) | undefined {
  const rule = pc.packs.flatMap((lp) => lp.pack.rules).find((r) => r.id === f.ruleId);
  if (!rule) return undefined;
  const o = zoneSeparation.options.parse(rule.options);
  const preds = o.allow.filter((al) => pc.ctx.population(al.population).has(p)).map((al) => pc.ctx.entitlementSet(al.entitlements));
  return preds.length ? (n) => preds.some((pred) => pred(n)) : undefined;
}

/**
 * Within an allowance, what holds the zone is an unallowed entitlement of it, or an account that is a
 * credential there by itself and holds no allowed entitlement of it (the rule's plain account).
 */
function beyondAllowance(ctx: RuleContext, forbidden: number, allowed: (n: number) => boolean): (v: number) => boolean {
  return (v) => {
    if ((ctx.grant[v]! & forbidden) === 0 || allowed(v)) return false;
    if (v >= ctx.graph.principalCount || !ctx.estate.principals.isAccount(v)) return true;
    const seen = new Set([v]);
    const queue = [v];
    for (let q = 0; q < queue.length; q++) {
      const x = queue[q]!;
      for (let e = ctx.graph.start[x]!; e < ctx.graph.start[x + 1]!; e++) {
        const w = ctx.graph.to[e]!;
        if (seen.has(w) || (ctx.effective[w]! & forbidden) === 0) continue;
        if (ctx.grant[w]! & forbidden && !ctx.baseline[w] && allowed(w)) return false;
        seen.add(w);
        queue.push(w);
      }
    }
    return true;
  };
}
