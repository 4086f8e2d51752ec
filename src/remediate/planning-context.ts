import type { RuleContext } from '../engine/context.js';
import type { LoadedPack } from '../policy/load-packs.js';
import type { Collateral } from './collateral.js';
import type { HomeZone } from './home-zones.js';

/** Lookups shared by every finding of a run. */
export interface PlanningContext {
  ctx: RuleContext;
  packs: readonly LoadedPack[];
  col: Collateral;
  homes: readonly HomeZone[];
  personIndex(id: string): number;
  accountIndex(source: string, id: string): number;
}
