import type { Chain } from '../model/findings.js';

/**
 * A finding's chains, kept as what draws them until they are read. With everyone in scope a run keeps
 * hundreds of thousands of findings until they are written, each with up to twenty chains of ~8 steps:
 * as arrays that is ~3 KB a finding (4 GiB at 660,000 findings), as the integers that name them a tenth.
 */
export interface ChainDrawing {
  /** The chains, drawn afresh at each call (nothing is cached: that would keep what deferring saves). */
  draw(): Chain[];
}

/** Chains as an array, or as what draws them. */
export type ChainsSource = Chain[] | ChainDrawing;

const DRAWING = Symbol('chain drawing');

/**
 * One getter for every deferred finding: V8 keeps an object with a getter of its own in dictionary mode
 * (~800 bytes more a finding), while a shared getter on a property added in order keeps the findings'
 * shared shape. It finds its drawing on the object, under a symbol neither JSON nor spread sees.
 */
function drawnChains(this: { [DRAWING]: ChainDrawing }): Chain[] {
  return this[DRAWING].draw();
}

/**
 * Adds `chains` to `target` (in its place in the key order, as the next property): the array itself, or
 * an enumerable getter drawing it, so JSON, spread and every formatter read an array either way.
 */
export function setChains(target: object, source: ChainsSource): void {
  if (Array.isArray(source)) {
    (target as { chains: Chain[] }).chains = source;
    return;
  }
  Object.defineProperty(target, DRAWING, { value: source });
  Object.defineProperty(target, 'chains', { get: drawnChains, enumerable: true, configurable: true });
}

/** What `holder.chains` is, without drawing it. */
export const chainsSource = (holder: { chains: Chain[] }): ChainsSource =>
  (holder as { [DRAWING]?: ChainDrawing })[DRAWING] ?? holder.chains;

/** The chains of a source, drawn when deferred. */
export const chainsOf = (source: ChainsSource): Chain[] => (Array.isArray(source) ? source : source.draw());
