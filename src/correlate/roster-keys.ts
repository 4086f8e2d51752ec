import type { CorrelationConfig } from '../config/audit-config.js';
import type { Persons } from '../estate/persons.js';
import type { Principals } from '../estate/principals.js';
import type { ByteSpan } from '../estate/raw-table.js';
import { normalizeAddress, normalizeKey } from '../util/normalize.js';
import { KeyTable } from './key-table.js';

/** Key kinds, each with its own table: employee id, address (mail or UPN), sAMAccountName. */
const EMPLOYEE = 0;
const ADDRESS = 1;
const SAM = 2;
/** A key several persons share (they are listed in `shared`). */
const MANY = -1;

/** A table of rows with hot string fields (Persons, Principals): what key reading needs of it. */
interface KeyFields<F extends string> {
  spanOf(i: number, field: F, span: ByteSpan): 1 | 0 | -1;
  lowerStr(i: number, field: F): string | undefined;
}

/** Whether bytes hold '#': an address with it may normalise to other bytes (a B2B guest's #EXT#). */
function hasHashSign(s: ByteSpan): boolean {
  for (let k = s.start, e = s.start + s.len; k < e; k++) if (s.buf[k] === 0x23) return true;
  return false;
}

/**
 * The roster's correlation keys, by kind, and the persons each names: built once from the persons,
 * then looked up for every account. A key of plain ASCII (almost every employee id, mail and UPN) is
 * hashed and compared on its snapshot bytes; any other is decoded and normalised as before
 * (normalizeKey, normalizeAddress), so the persons a key names are those of the normalised strings.
 */
export class RosterKeys {
  private readonly tables: [KeyTable, KeyTable, KeyTable];
  private readonly shared: [Map<number, number[]>, Map<number, number[]>, Map<number, number[]>] = [
    new Map<number, number[]>(),
    new Map<number, number[]>(),
    new Map<number, number[]>(),
  ];
  private readonly span: ByteSpan = { buf: Buffer.alloc(0), start: 0, len: 0 };

  constructor(persons: Persons, keys: CorrelationConfig['keys']) {
    const n = persons.length;
    this.tables = [new KeyTable(keys.includes('employeeId') ? n : 16), new KeyTable(16), new KeyTable(16)];
    const employeeId = keys.includes('employeeId');
    const address = keys.includes('mail') || keys.includes('upn');
    const sam = keys.includes('samAccountName');
    for (let i = 0; i < n; i++) {
      if (employeeId) this.addField(persons, i, 'employeeId', EMPLOYEE, i);
      if (address) {
        this.addField(persons, i, 'email', ADDRESS, i);
        this.addField(persons, i, 'upn', ADDRESS, i);
      }
      if (sam) {
        const v = persons.attribute(i, 'samAccountName');
        if (v) this.addString(SAM, normalizeKey(v), i);
      }
    }
  }

  /** Calls `hit(person)` for each person a configured key of account i names (a person once per key). */
  matchAccount(ps: Principals, i: number, keys: CorrelationConfig['keys'], hit: (person: number) => void): void {
    for (const k of keys) {
      if (k === 'employeeId') this.findField(ps, i, 'employeeId', EMPLOYEE, hit);
      else if (k === 'mail' || k === 'upn') this.findField(ps, i, k, ADDRESS, hit);
      else if (k === 'samAccountName') {
        const v = ps.lowerStr(i, 'samAccountName') ?? ps.lowerStr(i, 'onPremisesSamAccountName');
        if (v) this.findString(SAM, normalizeKey(v), hit);
      }
    }
  }

  private addField<F extends string>(t: KeyFields<F>, i: number, field: F, kind: number, person: number): void {
    const r = t.spanOf(i, field, this.span);
    if (r === 0) return;
    if (r === 1 && !(kind === ADDRESS && hasHashSign(this.span)))
      return this.addBytes(kind, this.span.buf, this.span.start, this.span.len, person);
    const v = t.lowerStr(i, field);
    if (v) this.addString(kind, kind === ADDRESS ? normalizeAddress(v) : normalizeKey(v), person);
  }

  private addString(kind: number, key: string, person: number): void {
    // A value of only white space normalises to nothing: a blank cell names nobody.
    if (key === '') return;
    const c = this.tables[kind]!.scratchOf(key);
    this.addBytes(kind, c.buf, 0, c.len, person);
  }

  private addBytes(kind: number, buf: Buffer, start: number, len: number, person: number): void {
    const t = this.tables[kind]!;
    const e = t.add(buf, start, len, t.hash(buf, start, len), person);
    if (t.added) return;
    const prev = t.value(e);
    if (prev === MANY) {
      const list = this.shared[kind]!.get(e)!;
      if (!list.includes(person)) list.push(person);
    } else if (prev !== person) {
      t.setValue(e, MANY);
      this.shared[kind]!.set(e, [prev, person]);
    }
  }

  private findField<F extends string>(t: KeyFields<F>, i: number, field: F, kind: number, hit: (person: number) => void): void {
    const r = t.spanOf(i, field, this.span);
    if (r === 0) return;
    if (r === 1 && !(kind === ADDRESS && hasHashSign(this.span))) {
      const tb = this.tables[kind]!;
      const { buf, start, len } = this.span;
      return this.hitEntry(kind, tb.find(buf, start, len, tb.hash(buf, start, len)), hit);
    }
    const v = t.lowerStr(i, field);
    if (v) this.findString(kind, kind === ADDRESS ? normalizeAddress(v) : normalizeKey(v), hit);
  }

  private findString(kind: number, key: string, hit: (person: number) => void): void {
    if (key === '') return;
    const tb = this.tables[kind]!;
    const { buf, len } = tb.scratchOf(key);
    this.hitEntry(kind, tb.find(buf, 0, len, tb.hash(buf, 0, len)), hit);
  }

  private hitEntry(kind: number, e: number, hit: (person: number) => void): void {
    if (e < 0) return;
    const v = this.tables[kind]!.value(e);
    if (v === MANY) for (const c of this.shared[kind]!.get(e)!) hit(c);
    else hit(v);
  }
}
