import { isUtf8 } from 'node:buffer';
import { InputError } from './errors.js';

/**
 * Where the well-formed UTF-8 sequence starting at b[p] (a byte of 0x80 or more) ends, or -1 when it is
 * not one. RFC 3629 section 4 (https://www.rfc-editor.org/rfc/rfc3629#section-4): overlong forms (C0, C1,
 * E0 80-9F, F0 80-8F), encoded surrogates (ED A0-BF) and code points above U+10FFFF (F4 90-, F5-FF) are not
 * UTF-8, and a decoder that accepts them lets one character hide behind another (section 10).
 */
export function utf8SequenceEnd(b: Uint8Array, p: number, e: number): number {
  const x = b[p]!;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (x >= 0xc2 && x <= 0xdf) n = 1;
  else if (x >= 0xe0 && x <= 0xef) {
    n = 2;
    if (x === 0xe0) lo = 0xa0;
    else if (x === 0xed) hi = 0x9f;
  } else if (x >= 0xf0 && x <= 0xf4) {
    n = 3;
    if (x === 0xf0) lo = 0x90;
    else if (x === 0xf4) hi = 0x8f;
  } else return -1;
  if (p + n >= e) return -1;
  const second = b[p + 1]!;
  if (second < lo || second > hi) return -1;
  for (let k = 2; k <= n; k++) {
    const c = b[p + k]!;
    if (c < 0x80 || c > 0xbf) return -1;
  }
  return p + n + 1;
}

/** The offset of the first byte of b[s, e) that is not part of well-formed UTF-8, or -1. */
export function invalidUtf8At(b: Uint8Array, s = 0, e = b.length): number {
  if (isUtf8(b.subarray(s, e))) return -1;
  for (let p = s; p < e;) {
    if (b[p]! < 0x80) p++;
    else {
      const q = utf8SequenceEnd(b, p, e);
      if (q < 0) return p;
      p = q;
    }
  }
  return -1;
}

/** 1-based line and column (in characters) of byte offset `at`, in a text `linesBefore` lines into its file. */
export function lineColumnAt(b: Uint8Array, at: number, linesBefore = 0): { line: number; column: number } {
  let line = 1 + linesBefore;
  let start = 0;
  for (let p = 0; p < at; p++)
    if (b[p] === 0x0a) {
      line++;
      start = p + 1;
    }
  const prefix = Buffer.from(b.buffer, b.byteOffset + start, at - start).toString('utf8');
  return { line, column: [...prefix].length + 1 };
}

const hex = (x: number): string => x.toString(16).toUpperCase().padStart(2, '0');

/**
 * Why a text file's bytes cannot be read as UTF-8 text, as an input error naming line and column: a
 * UTF-16 byte-order mark (the file was saved as "Unicode"), a NUL byte (binary data, or UTF-16 without a
 * mark), or bytes that are not UTF-8. Undefined when the bytes are fine.
 */
export function textProblem(
  b: Uint8Array,
  file: string,
  what: string,
  /** For a piece of a file read in pieces: the lines before it, and whether it starts the file (where a BOM can be). */
  piece: { linesBefore: number; atStart: boolean } = { linesBefore: 0, atStart: true },
): InputError | undefined {
  if (piece.atStart && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)))
    return new InputError(
      `${what} is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8`,
      { file, line: 1, column: 1 },
      'save or export it as UTF-8 (in Excel: "CSV UTF-8"; iconv -f UTF-16 -t UTF-8)',
    );
  const nul = b.indexOf(0);
  const bad = invalidUtf8At(b, 0, nul < 0 ? b.length : nul);
  if (bad >= 0) {
    const { line, column } = lineColumnAt(b, bad, piece.linesBefore);
    const bytes = Array.from(b.subarray(bad, Math.min(bad + 4, b.length)), hex).join(' ');
    return new InputError(
      `not valid UTF-8 at line ${line}, column ${column} (bytes ${bytes}; RFC 3629 rejects invalid, overlong and surrogate sequences)`,
      { file, line, column },
      `save ${what} as UTF-8; a file in a legacy code page (Windows-1252, Latin-1) can be converted with iconv -t UTF-8`,
    );
  }
  if (nul >= 0) {
    const { line, column } = lineColumnAt(b, nul, piece.linesBefore);
    return new InputError(
      `a NUL byte (0x00) at line ${line}, column ${column}: text files hold no NUL characters`,
      { file, line, column },
      `the file is binary, damaged, or UTF-16 without a byte-order mark; export ${what} again as UTF-8 text`,
    );
  }
  return undefined;
}
