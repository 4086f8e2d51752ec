/**
 * A set of person indexes, in ascending order: a membership byte per person and the members as one
 * typed array. A population can be every person of a million-person roster, and a `Set<number>` of
 * that size costs a hash entry per person and most of a garbage collection to build.
 */
export class PersonSet implements Iterable<number> {
  private constructor(
    private readonly member: Uint8Array,
    private readonly list: Int32Array,
  ) {}

  /** Every person of a roster of `count`. */
  static all(count: number): PersonSet {
    const list = new Int32Array(count);
    for (let i = 0; i < count; i++) list[i] = i;
    return new PersonSet(new Uint8Array(count).fill(1), list);
  }

  /** The persons of `0..count-1` that `keep` accepts. */
  static where(count: number, keep: (person: number) => boolean): PersonSet {
    const member = new Uint8Array(count);
    let n = 0;
    for (let i = 0; i < count; i++)
      if (keep(i)) {
        member[i] = 1;
        n++;
      }
    const list = new Int32Array(n);
    for (let i = 0, k = 0; i < count; i++) if (member[i]) list[k++] = i;
    return new PersonSet(member, list);
  }

  get size(): number {
    return this.list.length;
  }

  has(person: number): boolean {
    return this.member[person] === 1;
  }

  [Symbol.iterator](): Iterator<number> {
    return this.list[Symbol.iterator]();
  }
}
