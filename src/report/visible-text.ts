/**
 * Names come from directories, which anyone able to create an account or group can write to. A name
 * holding U+202E (RIGHT-TO-LEFT OVERRIDE) displays reversed ("Trojan Source", CVE-2021-42574), a C0/C1
 * control can move the cursor or recolour a terminal, forge a line in a table or break an XML report.
 * Such characters are shown as their code point, e.g. `<U+202E>`, in every human-facing output, so a reader sees what is there.
 *
 * The set: C0 controls U+0000–U+001F and DEL U+007F, C1 controls U+0080–U+009F (Unicode "Cc"), the
 * bidirectional formatting characters of UAX #9 (ALM U+061C, LRM/RLM U+200E–U+200F, LRE/RLE/PDF/LRO/RLO
 * U+202A–U+202E, LRI/RLI/FSI/PDI U+2066–U+2069), the zero-width characters U+200B–U+200D and U+FEFF that
 * make two names look alike, and LINE/PARAGRAPH SEPARATOR U+2028–U+2029.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/gu;

const show = (c: string): string => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;

// The same set, for a quick test: most names hold none of these, and are then returned as they are.
// eslint-disable-next-line no-control-regex
const ANY_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

export const visibleText = (s: string): string => (ANY_INVISIBLE.test(s) ? s.replace(INVISIBLE, show) : s);

const isPlain = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * The same value with every string in it made visible (keys too: details carry names as keys). Parts
 * with nothing to show are returned as they are, not copied: a report of 100,000 clean findings costs a
 * scan, not a second report in memory.
 */
export function visibleStrings<T>(v: T): T {
  if (typeof v === 'string') return visibleText(v) as T;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const y = visibleStrings(x);
      if (y !== x && !out) out = v.slice(0, i);
      out?.push(y);
    }
    return (out ?? v) as T;
  }
  if (v !== null && typeof v === 'object') {
    if (isPlain(v) && !changes(v as Record<string, unknown>)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[visibleText(k)] = visibleStrings(x);
    return out as T;
  }
  return v;
}

/** Whether making the object visible would change it (a key, or anything under a value). */
function changes(o: Record<string, unknown>): boolean {
  for (const k of Object.keys(o)) {
    if (visibleText(k) !== k) return true;
    const x = o[k];
    if (x !== null && typeof x === 'object' ? visibleStrings(x) !== x : typeof x === 'string' && visibleText(x) !== x) return true;
  }
  return false;
}
