import type { ZoneConfig } from '../config/audit-config.js';

/** Zone ids and their bits. At most 31 zones, so a set of zones is one unsigned 32-bit mask. */
export class ZoneTable {
  readonly ids: readonly string[];
  private readonly bits = new Map<string, number>();

  constructor(zones: readonly Pick<ZoneConfig, 'id'>[]) {
    this.ids = zones.map((z) => z.id);
    this.ids.forEach((id, i) => this.bits.set(id, 1 << i));
  }

  has(id: string): boolean {
    return this.bits.has(id);
  }

  bit(id: string): number {
    const b = this.bits.get(id);
    if (b === undefined) throw new Error(`unknown zone "${id}"`);
    return b;
  }

  mask(ids: readonly string[]): number {
    let m = 0;
    for (const id of ids) m |= this.bit(id);
    return m >>> 0;
  }

  names(mask: number): string[] {
    return this.ids.filter((_, i) => (mask >>> i) & 1);
  }
}

export const popcount = (m: number): number => {
  let n = 0;
  for (let x = m >>> 0; x; x &= x - 1) n++;
  return n;
};
