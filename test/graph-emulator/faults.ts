import { seededRandom } from './prng.js';

/** Deterministic fault injection: each Graph request draws once from a seeded sequence. */
export interface FaultSettings {
  seed: number;
  /** Share (0..1) of requests answered 429 with Retry-After. */
  throttle?: number;
  /** Share answered 503. */
  unavailable?: number;
  /** Share whose connection is dropped without an answer. */
  drop?: number;
  /** Share answered after `slowMs`. */
  slow?: number;
  slowMs?: number;
  retryAfterSec?: number;
  /** Apply the throttle share to inner requests of $batch too (default true). */
  inBatch?: boolean;
  /**
   * Only requests whose decoded path and query match are faulted (the others are answered and draw
   * nothing): e.g. the next pages of /users, to fail a listing part-way through.
   */
  only?: RegExp;
}

export type Fault = 'throttle' | 'unavailable' | 'drop' | 'slow' | undefined;

export class FaultPlan {
  private readonly random: () => number;
  constructor(readonly settings: FaultSettings) {
    this.random = seededRandom(settings.seed);
  }

  next(): Fault {
    const r = this.random();
    const s = this.settings;
    let edge = s.drop ?? 0;
    if (r < edge) return 'drop';
    if (r < (edge += s.throttle ?? 0)) return 'throttle';
    if (r < (edge += s.unavailable ?? 0)) return 'unavailable';
    if (r < edge + (s.slow ?? 0)) return 'slow';
    return undefined;
  }

  /** Inner $batch requests are only throttled (the outer request carries the other faults). */
  nextInner(): boolean {
    return this.settings.inBatch !== false && this.random() < (this.settings.throttle ?? 0);
  }
}
