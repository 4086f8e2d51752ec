/**
 * Decodes b[start, end) as UTF-8. Buffer#toString checks its arguments and picks the encoding on every
 * call; for millions of short fields the direct method (present on Buffer.prototype in every Node.js
 * release demarc supports) is about twice as fast. Falls back to toString where it is missing.
 */
type Utf8Sliceable = { utf8Slice?: (start: number, end: number) => string };
const direct = typeof (Buffer.prototype as Utf8Sliceable).utf8Slice === 'function';

export const utf8 = (b: Buffer, start: number, end: number): string =>
  direct ? (b as unknown as Required<Utf8Sliceable>).utf8Slice(start, end) : b.toString('utf8', start, end);
