/**
 * Just enough BER (X.690) to read LDAP responses in place: every read returns the bounds of an
 * element's content inside the buffer, so values are decoded once, straight to strings.
 */
export interface Tlv {
  tag: number;
  /** First byte of the content. */
  start: number;
  /** One past the last byte of the content. */
  end: number;
}

export class BerError extends Error {
  constructor(message: string) {
    super(`Malformed LDAP response: ${message}`);
    this.name = 'BerError';
  }
}

/** The element at `pos`, or undefined when the buffer does not yet hold all of it. */
export function peekTlv(buf: Buffer, pos: number, limit = buf.length): Tlv | undefined {
  if (pos + 2 > limit) return undefined;
  const tag = buf[pos]!;
  let len = buf[pos + 1]!;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new BerError(`unsupported length form 0x${len.toString(16)}`);
    if (start + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    start += n;
  }
  const end = start + len;
  return end > limit ? undefined : { tag, start, end };
}

/** The element at `pos`, which must lie within `limit`. */
export function readTlv(buf: Buffer, pos: number, limit: number, expectTag?: number): Tlv {
  const t = peekTlv(buf, pos, limit);
  if (!t) throw new BerError('element runs past its container');
  if (expectTag !== undefined && t.tag !== expectTag) {
    throw new BerError(`expected tag 0x${expectTag.toString(16)}, found 0x${t.tag.toString(16)}`);
  }
  return t;
}

export function readInt(buf: Buffer, t: Tlv): number {
  const n = t.end - t.start;
  if (n === 0) return 0;
  if (n > 6) throw new BerError('integer too large');
  return buf.readIntBE(t.start, n);
}

export const readText = (buf: Buffer, t: Tlv): string => buf.toString('utf8', t.start, t.end);

/** A copy: a slice would keep the whole received chunk alive. */
export const readBytes = (buf: Buffer, t: Tlv): Buffer => Buffer.from(buf.subarray(t.start, t.end));
