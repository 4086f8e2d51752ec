import type { Entry } from 'ldapts';
import { newRawEntry, type RawEntry } from './normalize/raw-entry.js';

/** ldapts gives one value as a scalar and several as an array; absent requested attributes as []. */
export function fromLdaptsEntry(e: Entry): RawEntry {
  const raw = newRawEntry(e.dn);
  for (const key in e) {
    if (key === 'dn') continue;
    const v = e[key]!;
    const values = Array.isArray(v) ? v : [v];
    if (values.length) raw.attrs.set(key.toLowerCase(), values);
  }
  return raw;
}

/** explicitBufferAttributes is matched case-sensitively against the name the server returns. */
export const bufferAttributeSpellings = (names: string[]): string[] => [...new Set(names.flatMap((n) => [n, n.toLowerCase()]))];
