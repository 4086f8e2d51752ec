/** Where the last integer read by jsonInteger ended. */
export let integerEnd = 0;

/**
 * The JSON integer at b[p] (at most 15 digits, so exact), or NaN when the token is not one the in-place
 * readers vouch for: fractions, exponents and leading zeros go to JSON.parse. Sets integerEnd.
 */
export function jsonInteger(b: Buffer, p: number, e: number): number {
  const neg = b[p] === 0x2d;
  if (neg) p++;
  const ds = p;
  let v = 0;
  while (p < e && b[p]! >= 0x30 && b[p]! <= 0x39) v = v * 10 + (b[p++]! - 0x30);
  integerEnd = p;
  const digits = p - ds;
  if (digits === 0 || digits > 15 || (digits > 1 && b[ds] === 0x30)) return NaN;
  if (b[p] === 0x2e || b[p] === 0x65 || b[p] === 0x45) return NaN;
  return neg ? -v : v;
}
