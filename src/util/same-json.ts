/** A member JSON.stringify leaves out of an object. */
const OMIT = Symbol('omitted');

/**
 * A value as JSON.stringify writes it: toJSON applied, non-finite numbers and (in an array) undefined,
 * functions and symbols as null, boxed primitives unboxed; OMIT for an object member it leaves out.
 */
function asJson(v: unknown, key: string | number, inArray: boolean): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON: (k: string) => unknown }).toJSON(String(key));
  }
  if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return inArray ? null : OMIT;
  return v;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const isArray = Array.isArray(a);
  if (isArray !== Array.isArray(b)) return false;
  if (isArray) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!same(asJson(x[i], i, true), asJson(y[i], i, true))) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let members = 0;
  for (const k of Object.keys(x)) {
    const v = asJson(x[k], k, false);
    if (v === OMIT) continue;
    members++;
    if (!Object.hasOwn(y, k) || !same(v, asJson(y[k], k, false))) return false;
  }
  for (const k of Object.keys(y)) if (asJson(y[k], k, false) !== OMIT) members--;
  return members === 0;
}

/**
 * True when a and b are written as the same JSON up to the order of object members: what comparing
 * their JSON.stringify with keys sorted at every level tells, without building either string (the
 * findings of a large run are hundreds of megabytes as text).
 */
export const sameJson = (a: unknown, b: unknown): boolean => same(asJson(a, '', false), asJson(b, '', false));
