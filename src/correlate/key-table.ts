/**
 * Normalised correlation keys as bytes, in one open-addressing table of integers: a million accounts
 * are looked up without decoding a string or hashing one in a Map. A key is given either as the bytes
 * of a plain ASCII snapshot field (0x21-0x7e, whose normalised form is those bytes lower-cased: A-Z are
 * read as a-z) or as a normalised string (anything else, as its UTF-8 bytes). Both forms of one key
 * are the same bytes, so they find each other. Keys are copied, lower-cased, into the table's own
 * buffer: compared there, they are read from a few MiB rather than from all over a snapshot.
 */
export class KeyTable {
  /** The keys' bytes, lower-cased, end to end. */
  private own = Buffer.alloc(4096);
  private used = 0;
  /** Per entry: where its bytes start in `own`, their length, its value. */
  private ent: Int32Array;
  private n = 0;
  /**
   * Per slot: the hash of its entry, then the entry's index + 1 (0 for an empty slot). Side by side, so
   * a probe reads one cache line, and an entry is read only when the hash is the key's.
   */
  private slots: Int32Array;
  private mask: number;
  private scratch = Buffer.alloc(256);
  /** Whether the last `add` added its key. */
  added = false;

  constructor(expected = 1024) {
    const cap = Math.max(16, expected);
    this.ent = new Int32Array(cap * 3);
    let size = 16;
    while (size < cap * 2) size *= 2;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
  }

  get size(): number {
    return this.n;
  }

  /** FNV-1a of bytes [start, start + len) of buf, A-Z read as a-z. */
  hash(buf: Buffer, start: number, len: number): number {
    let h = 0x811c9dc5 | 0;
    for (let k = start, e = start + len; k < e; k++) {
      const c = buf[k]!;
      h = Math.imul(h ^ (c >= 0x41 && c <= 0x5a ? c | 0x20 : c), 0x01000193);
    }
    return h;
  }

  /** The entry of the key, or -1. `h` is its hash (see `hash`). */
  find(buf: Buffer, start: number, len: number, h: number): number {
    const slots = this.slots;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const e = slots[s * 2 + 1]! - 1;
      if (e < 0) return -1;
      if (slots[s * 2] === h && this.same(e, buf, start, len)) return e;
    }
  }

  /** The entry of the key, added with `value` when new (then `added` is true). */
  add(buf: Buffer, start: number, len: number, h: number, value: number): number {
    if ((this.n + 1) * 2 > this.mask + 1) this.rehash();
    const slots = this.slots;
    let s = h & this.mask;
    for (; ; s = (s + 1) & this.mask) {
      const e = slots[s * 2 + 1]! - 1;
      if (e < 0) break;
      if (slots[s * 2] === h && this.same(e, buf, start, len)) {
        this.added = false;
        return e;
      }
    }
    if ((this.n + 1) * 3 > this.ent.length) {
      const more = new Int32Array(this.ent.length * 2);
      more.set(this.ent);
      this.ent = more;
    }
    const e = this.n++;
    this.ent[e * 3] = this.copy(buf, start, len);
    this.ent[e * 3 + 1] = len;
    this.ent[e * 3 + 2] = value;
    slots[s * 2] = h;
    slots[s * 2 + 1] = e + 1;
    this.added = true;
    return e;
  }

  /** A normalised string key as bytes for `find` and `add` (in a scratch buffer, valid until the next call). */
  scratchOf(key: string): { buf: Buffer; len: number } {
    const need = Buffer.byteLength(key);
    if (this.scratch.length < need) this.scratch = Buffer.alloc(need * 2);
    return { buf: this.scratch, len: this.scratch.write(key, 0) };
  }

  value(e: number): number {
    return this.ent[e * 3 + 2]!;
  }

  setValue(e: number, v: number): void {
    this.ent[e * 3 + 2] = v;
  }

  /** Copies a key's bytes, lower-cased, to the end of `own`: where they start. */
  private copy(buf: Buffer, start: number, len: number): number {
    if (this.used + len > this.own.length) {
      const bigger = Buffer.alloc(Math.max(this.own.length * 2, this.used + len));
      this.own.copy(bigger, 0, 0, this.used);
      this.own = bigger;
    }
    const at = this.used;
    const o = this.own;
    for (let k = 0; k < len; k++) {
      const c = buf[start + k]!;
      o[at + k] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
    }
    this.used += len;
    return at;
  }

  private same(e: number, buf: Buffer, start: number, len: number): boolean {
    if (this.ent[e * 3 + 1] !== len) return false;
    const o = this.own;
    const s = this.ent[e * 3]!;
    for (let k = 0; k < len; k++) {
      const c = buf[start + k]!;
      if (o[s + k] !== (c >= 0x41 && c <= 0x5a ? c | 0x20 : c)) return false;
    }
    return true;
  }

  private rehash(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    for (let t = 0; t < old.length; t += 2) {
      if (old[t + 1] === 0) continue;
      let s = old[t]! & this.mask;
      while (this.slots[s * 2 + 1] !== 0) s = (s + 1) & this.mask;
      this.slots[s * 2] = old[t]!;
      this.slots[s * 2 + 1] = old[t + 1]!;
    }
  }
}
