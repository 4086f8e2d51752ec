import type { AuditConfig } from '../config/audit-config.js';
import type { RuleContext } from '../engine/context.js';
import { InputError } from '../util/errors.js';

/** `--home-zone soc-staff=it` (persons of a population) or `--home-zone it` (everyone else). */
export interface HomeZone {
  population?: string;
  zone: string;
}

export function parseHomeZone(text: string): HomeZone {
  const eq = text.indexOf('=');
  return eq > 0 ? { population: text.slice(0, eq).trim(), zone: text.slice(eq + 1).trim() } : { zone: text.trim() };
}

/**
 * The home zones of the configuration (`populations.<name>.homeZone`), after those given on the
 * command line: a `--home-zone` for a population overrides its configured one.
 */
export function homeZonesOf(config: AuditConfig, given: readonly HomeZone[]): HomeZone[] {
  const configured = Object.entries(config.populations).flatMap(([population, sel]) =>
    sel.homeZone !== undefined ? [{ population, zone: sel.homeZone }] : [],
  );
  return [...given, ...configured];
}

/**
 * The zone mask a person needs: the first entry whose population holds them, else an entry without a
 * population, else none (the planner then keeps whichever zone is cheaper to keep).
 */
export function personHome(ctx: RuleContext, homes: readonly HomeZone[], person: number): number {
  for (const h of homes) if (h.population && ctx.population(h.population).has(person)) return zoneBit(ctx, h.zone);
  const any = homes.find((h) => !h.population);
  return any ? zoneBit(ctx, any.zone) : 0;
}

function zoneBit(ctx: RuleContext, zone: string): number {
  if (!ctx.zones.has(zone)) throw new InputError(`unknown zone "${zone}"`, { path: '--home-zone' }, `zones: ${ctx.zones.ids.join(', ')}`);
  return ctx.zones.bit(zone);
}
