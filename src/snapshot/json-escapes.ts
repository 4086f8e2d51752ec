/**
 * The offset of the first `\uXXXX` escape in a JSON line that is half of a surrogate pair (a high
 * surrogate not followed by a low one, or a low one on its own), or -1. JSON.parse accepts them and
 * yields a string that is not Unicode text (RFC 8259 section 8.2: "the behavior of software that receives
 * JSON texts containing such values is unpredictable"); names compared, hashed or printed from it differ
 * by platform. Backslashes occur only inside strings, so the line is walked escape by escape.
 */
export function loneSurrogateEscapeAt(b: Uint8Array, s: number, e: number): number {
  let pendingHigh = -1;
  for (let p = s; p < e; p++) {
    if (b[p] !== 0x5c) {
      if (pendingHigh >= 0) return pendingHigh;
      continue;
    }
    const c = b[p + 1];
    if (c !== 0x75) {
      if (pendingHigh >= 0) return pendingHigh;
      p++;
      continue;
    }
    const unit = p + 6 <= e ? Number.parseInt(Buffer.from(b.buffer, b.byteOffset + p + 2, 4).toString('latin1'), 16) : NaN;
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    if (pendingHigh >= 0 && !low) return pendingHigh;
    if (low && pendingHigh < 0) return p;
    pendingHigh = high ? p : -1;
    p += 5;
  }
  return pendingHigh;
}
