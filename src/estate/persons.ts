import { Person } from '../model/records.js';
import { RawTable, type Column, type RawLine, type RawRows, type TableImage } from './raw-table.js';

/**
 * The HR roster's persons. Person lines of a large snapshot are held raw (see raw-table.ts), with the
 * fields correlation, populations and the CIP rules read for every person as string offsets.
 */
export const PERSON_HOT_STRINGS = [
  'id',
  'name',
  'email',
  'upn',
  'employeeId',
  'department',
  'title',
  'status',
  'terminatedAt',
  'transferredAt',
] as const;
export type PersonHotString = (typeof PERSON_HOT_STRINGS)[number];
export const PERSON_STATUSES = Person.shape.status.unwrap().options;

export class Persons extends RawTable<Person, PersonHotString> {
  constructor(chunks: Buffer[] = [], capacity = 16) {
    super(chunks, PERSON_HOT_STRINGS, capacity);
  }

  static of(persons: Iterable<Person>): Persons {
    const t = new Persons();
    for (const p of persons) t.push(p);
    return t;
  }

  protected growColumns(): void {}

  protected ownColumns(): Record<string, Column> {
    return {};
  }

  protected restoreOwnColumns(): void {}

  /** A table from a snapshot index's image (see TableImage), its raw lines in `snapshot`, the whole file. */
  static fromImage(snapshot: Buffer, img: TableImage): Persons {
    const t = new Persons([snapshot]);
    t.restore(img);
    return t;
  }

  protected fromLine(value: unknown): Person {
    const { kind: _kind, ...person } = value as Person & { kind: string };
    return person;
  }

  push(person: Person): number {
    const i = this.reserve();
    this.holdObject(i, person);
    this.typeCode[i] = PERSON_STATUSES.indexOf(person.status);
    return i;
  }

  /** Adds a person held as its raw snapshot line (see read-snapshot). */
  pushRaw(r: RawLine): number {
    return this.holdLine(r);
  }

  /** Appends rows [from, to) of a chunk read by a snapshot reading thread (see RawTable.holdRows). */
  pushRows(rows: RawRows, from: number, to: number, chunk: number): number {
    return this.holdRows(rows, from, to, chunk);
  }

  /**
   * A roster attribute of person i (HR's extra columns), or undefined. Attributes are nested, so a raw
   * line never carries one (such lines go through the schema and are held as objects).
   */
  attribute(i: number, name: string): string | undefined {
    return this.objs[i]?.attributes?.[name];
  }

  status(i: number): Person['status'] {
    return PERSON_STATUSES[this.typeCode[i]!]!;
  }

  map<U>(fn: (p: Person, i: number) => U): U[] {
    const out = new Array<U>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = fn(this.at(i), i);
    return out;
  }

  findIndex(fn: (p: Person, i: number) => boolean): number {
    for (let i = 0; i < this.n; i++) if (fn(this.at(i), i)) return i;
    return -1;
  }

  find(fn: (p: Person, i: number) => boolean): Person | undefined {
    const i = this.findIndex(fn);
    return i < 0 ? undefined : this.at(i);
  }

  some(fn: (p: Person, i: number) => boolean): boolean {
    return this.findIndex(fn) >= 0;
  }
}
