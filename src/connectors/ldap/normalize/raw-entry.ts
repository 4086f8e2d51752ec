/**
 * A directory entry as read from a server or from an LDIF file, before normalisation.
 * Attribute names are lower-cased (LDAP names are case-insensitive) and keep their options
 * (`member;range=0-1499`); values are text, or Buffers for binary values.
 */
export interface RawEntry {
  dn: string;
  attrs: Map<string, Array<string | Buffer>>;
  /** Lower-cased objectClass values, filled in on first use. */
  classes?: Set<string>;
}

export const newRawEntry = (dn: string): RawEntry => ({ dn, attrs: new Map() });

export function addValue(entry: RawEntry, name: string, value: string | Buffer): void {
  const key = name.toLowerCase();
  const values = entry.attrs.get(key);
  if (values) values.push(value);
  else entry.attrs.set(key, [value]);
}

const asText = (v: string | Buffer): string => (typeof v === 'string' ? v : v.toString('utf8'));

export const texts = (e: RawEntry, name: string): string[] => (e.attrs.get(name.toLowerCase()) ?? []).map(asText);

/** First non-empty text value, if any. */
export function text(e: RawEntry, name: string): string | undefined {
  const values = e.attrs.get(name.toLowerCase());
  if (!values) return undefined;
  for (const v of values) {
    const t = asText(v);
    if (t !== '') return t;
  }
  return undefined;
}

export function integer(e: RawEntry, name: string): number | undefined {
  const v = text(e, name);
  if (v === undefined || !/^-?\d+$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

/** A binary value. Text that reached us for a binary attribute is taken as its raw bytes. */
export function binary(e: RawEntry, name: string): Buffer | undefined {
  const v = e.attrs.get(name.toLowerCase())?.[0];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
}

/** Lower-cased objectClass values (computed once per entry). */
export function objectClasses(e: RawEntry): Set<string> {
  e.classes ??= new Set(texts(e, 'objectclass').map((x) => x.toLowerCase()));
  return e.classes;
}

/** A ranged attribute (`member;range=0-1499`) found on the entry. `end` is null when the range is the last one (`-*`). */
export interface RangedValues {
  start: number;
  end: number | null;
  values: string[];
}

export function rangedValues(e: RawEntry, name: string): RangedValues | undefined {
  const prefix = `${name.toLowerCase()};range=`;
  for (const [key, values] of e.attrs) {
    if (!key.startsWith(prefix)) continue;
    const m = /^(\d+)-(\d+|\*)$/.exec(key.slice(prefix.length));
    if (!m) continue;
    return { start: Number(m[1]), end: m[2] === '*' ? null : Number(m[2]), values: values.map(asText) };
  }
  return undefined;
}
