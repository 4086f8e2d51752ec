/**
 * Finds a second record with the same source and id while a snapshot is read, without a string per
 * record: ids read in place are hashed from their bytes, four at a time, and only records whose hashes
 * meet are compared as strings. The table holds one integer per slot and one hash per record. The seed is
 * random per process, so a file cannot be made of ids that all collide (linear probing would turn that
 * into a quadratic read).
 */
const SEED = (Math.random() * 0x100000000) | 0;

/** The hash of a source name, the start of every id hash of that source. */
export function sourceHash(seed: number, source: string): number {
  let h = seed;
  for (let k = 0; k < source.length; k++) h = Math.imul(h ^ source.charCodeAt(k), 0x01000193);
  return h;
}

/**
 * The hash of an id whose UTF-8 bytes are b[s, e) (as written in its line: no escapes), in a source whose
 * sourceHash is `start`. Snapshot reading threads compute it beside the scan, with the reader's seed.
 */
export function idHash(start: number, b: Uint8Array, s: number, e: number): number {
  let h = start ^ (e - s);
  let k = s;
  for (; k + 4 <= e; k += 4) h = Math.imul(h ^ (b[k]! | (b[k + 1]! << 8) | (b[k + 2]! << 16) | (b[k + 3]! << 24)), 0x5bd1e995) ^ (h >>> 13);
  for (; k < e; k++) h = Math.imul(h ^ b[k]!, 0x01000193);
  // Final mixing (MurmurHash3's), so that the low bits the table uses depend on every byte.
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class UniqueIds {
  private slots: Int32Array;
  private hashes: Int32Array;
  private n = 0;
  private lastSource = '';
  private lastSourceHash = 0;
  /** The seed of this table's hashes (random per process unless given). */
  readonly seed: number;

  /** `idOf(i)` and `sourceOf(i)` read record i back, for the rare hash collision. */
  constructor(
    private readonly idOf: (i: number) => string | undefined,
    private readonly sourceOf: (i: number) => string,
    expected = 1 << 12,
    seed = SEED,
  ) {
    this.seed = seed;
    this.slots = new Int32Array(slotCount(expected));
    this.hashes = new Int32Array(Math.max(16, expected));
  }

  private sourceHash(source: string): number {
    if (source !== this.lastSource) {
      this.lastSource = source;
      this.lastSourceHash = sourceHash(this.seed, source);
    }
    return this.lastSourceHash;
  }

  /**
   * Records record i, whose id is the UTF-8 bytes b[s, e) (as written in its line: no escapes); returns
   * the index of an earlier record with the same source and id, or -1.
   */
  addBytes(i: number, source: string, b: Uint8Array, s: number, e: number): number {
    return this.insert(i, idHash(this.sourceHash(source), b, s, e), source);
  }

  /** As addBytes, with the id's hash already computed (idHash from sourceHash(this.seed, source)). */
  addHashed(i: number, source: string, hash: number): number {
    return this.insert(i, hash, source);
  }

  /** As addBytes, for a record held as an object. */
  addString(i: number, source: string, id: string): number {
    const b = Buffer.from(id, 'utf8');
    return this.addBytes(i, source, b, 0, b.length);
  }

  private insert(i: number, h: number, source: string): number {
    if (this.n * 2 >= this.slots.length) this.rehash();
    if (i >= this.hashes.length) {
      const grown = new Int32Array(Math.max(i + 1, this.hashes.length * 2));
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[i] = h;
    const mask = this.slots.length - 1;
    let k = h & mask;
    for (;;) {
      const j = this.slots[k]! - 1;
      if (j < 0) break;
      if (this.hashes[j] === h && this.sourceOf(j) === source && this.idOf(j) === this.idOf(i)) return j;
      k = (k + 1) & mask;
    }
    this.slots[k] = i + 1;
    this.n++;
    return -1;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    const mask = this.slots.length - 1;
    for (const v of old) {
      if (v === 0) continue;
      let k = this.hashes[v - 1]! & mask;
      while (this.slots[k] !== 0) k = (k + 1) & mask;
      this.slots[k] = v;
    }
  }
}

/** A power of two at least twice `n` (the table stays at most half full). */
const slotCount = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(32, n * 2)));
