import { describeByte, jsonSyntaxProblem } from './json-syntax.js';

/** What `readJsonMembers` hands over, in document order. */
export interface JsonMemberHandler {
  /** A top-level member other than the streamed array, parsed (a repeated name comes again: the last wins, as in JSON.parse). */
  member(name: string, value: unknown, line: number): void;
  /** The streamed member's value is an array: its elements follow. */
  streamStart(line: number): void;
  /** One element of the streamed array: its index, the line it starts on and its byte range in the document. */
  element(value: unknown, index: number, line: number, start: number, end: number): void;
}

/** A syntax error (or, with `syntax` false, a streamed member given twice), with its line and column (1-based; the column counts bytes). */
export class JsonReadError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly syntax = true,
  ) {
    super(message);
    this.name = 'JsonReadError';
  }
}

const enum S {
  Document, // before '{'
  FirstName, // after '{': a name or '}'
  Name, // after ',': a name
  Colon,
  Value,
  AfterValue, // ',' or '}'
  FirstElement, // after '[' of the streamed member: an element or ']'
  Element, // after ',': an element
  AfterElement, // ',' or ']'
  End,
}

const isWs = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d;
/** Bytes that can continue a number or a literal (anything else ends it; JSON.parse judges it). */
const isScalarByte = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x2d || b === 0x2b || b === 0x2e;

type PieceKind = 'container' | 'string' | 'scalar';

/**
 * Reads a JSON document whose top level is an object, as a stream of bytes: every member is parsed
 * whole, except one array member (`streamed`), whose elements are parsed one at a time. So a document of
 * any size can be read (V8 caps a string near 512 MiB) and never needs to be held whole. Any valid JSON
 * is accepted, however it is indented; the bytes between pieces are checked here, each piece (a member
 * name, a member value, an element) by JSON.parse, and a piece JSON.parse refuses is read again by
 * `jsonSyntaxProblem` to say where and what was expected.
 */
export async function readJsonMembers(chunks: AsyncIterable<Uint8Array>, streamed: string, on: JsonMemberHandler): Promise<void> {
  let state: S = S.Document;
  let base = 0; // absolute offset of the current chunk
  let line = 1;
  let lineStart = 0; // absolute offset of the current line's first byte
  // The piece being read: what it is, where it started, the bytes so far, and the scan state inside it.
  let piece: PieceKind | undefined;
  let pieceStart = 0;
  let pieceLine = 1;
  let pieceLineStart = 0;
  let parts: Uint8Array[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  // What the piece is for.
  let name = '';
  let sawStreamed = false;
  let index = 0;

  const fail = (message: string, at: number, syntax = true): never => {
    throw new JsonReadError(message, line, at - lineStart + 1, syntax);
  };
  const expected = (what: string, buf: Uint8Array, i: number): never => fail(`expected ${what}, found ${describeByte(buf, i)}`, base + i);

  /** The piece's text, or a JsonReadError saying where it goes wrong. */
  const parsePiece = (bytes: Uint8Array): unknown => {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    try {
      return JSON.parse(text);
    } catch (e) {
      const p = jsonSyntaxProblem(bytes);
      let l = pieceLine;
      let ls = pieceLineStart - pieceStart; // relative to the piece
      const at = p?.offset ?? 0;
      for (let k = 0; k < at; k++)
        if (bytes[k] === 0x0a) {
          l++;
          ls = k + 1;
        }
      throw new JsonReadError(p ? `expected ${p.expected}, found ${p.found}` : (e as Error).message, l, at - ls + 1);
    }
  };

  const begin = (kind: PieceKind, at: number): void => {
    piece = kind;
    pieceStart = base + at;
    pieceLine = line;
    pieceLineStart = lineStart;
    parts = [];
    depth = 0;
    inString = false;
    escaped = false;
  };

  /** Index just past the closing quote of a string whose content starts at `from`, or -1 when it goes on past `buf`. */
  const stringEnd = (buf: Buffer, from: number): number => {
    let j = from;
    for (;;) {
      const q = buf.indexOf(0x22, j);
      let k = q < 0 ? buf.length : q;
      while (k > from && buf[k - 1] === 0x5c) k--;
      const odd = ((q < 0 ? buf.length : q) - k) % 2 === 1;
      if (q < 0) {
        escaped = odd;
        return -1;
      }
      if (!odd) return q + 1;
      j = q + 1;
    }
  };

  /** Scans the piece on from `i`: the index just past its end, or -1 when it goes on past `buf`. */
  const scan = (buf: Buffer, i: number): number => {
    const n = buf.length;
    if (piece === 'scalar') {
      while (i < n && isScalarByte(buf[i]!)) i++;
      return i < n ? i : -1;
    }
    if (inString) {
      if (escaped) {
        escaped = false;
        i++;
      }
      const e = stringEnd(buf, i);
      if (e < 0) return -1;
      inString = false;
      if (piece === 'string') return e;
      i = e;
    }
    for (; i < n; i++) {
      const b = buf[i]!;
      // Indentation is most of what lies between strings: passed over first.
      if (b === 0x20) continue;
      if (b === 0x22) {
        const e = stringEnd(buf, i + 1);
        if (e < 0) {
          inString = true;
          return -1;
        }
        if (piece === 'string') return e;
        i = e - 1;
      } else if (b === 0x7b || b === 0x5b) depth++;
      else if (b === 0x7d || b === 0x5d) {
        if (--depth === 0) return i + 1;
      } else if (b === 0x0a) {
        line++;
        lineStart = base + i + 1;
        while (i + 1 < n && buf[i + 1] === 0x20) i++;
      }
    }
    return -1;
  };

  const bytesOf = (last: Uint8Array): Uint8Array => {
    if (parts.length === 0) return last;
    parts.push(last);
    return Buffer.concat(parts);
  };

  /** A piece is complete: hand it on, and say what comes next. */
  const finish = (bytes: Uint8Array): S => {
    const value = parsePiece(bytes);
    piece = undefined;
    parts = [];
    switch (state) {
      case S.FirstName:
      case S.Name:
        name = value as string;
        return S.Colon;
      case S.Value:
        on.member(name, value, pieceLine);
        return S.AfterValue;
      default:
        on.element(value, index++, pieceLine, pieceStart, pieceStart + bytes.length);
        return S.AfterElement;
    }
  };

  const step = (buf: Buffer): void => {
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (piece !== undefined) {
        const from = i;
        const end = scan(buf, i);
        if (end < 0) {
          parts.push(buf.subarray(from));
          return;
        }
        state = finish(bytesOf(buf.subarray(from, end)));
        i = end;
        continue;
      }
      const b = buf[i]!;
      if (isWs(b)) {
        if (b === 0x0a) {
          line++;
          lineStart = base + i + 1;
        }
        i++;
        continue;
      }
      switch (state) {
        case S.Document:
          if (b !== 0x7b) expected("'{' (a findings document is a JSON object)", buf, i);
          state = S.FirstName;
          i++;
          continue;
        case S.FirstName:
        case S.Name:
          if (state === S.FirstName && b === 0x7d) {
            state = S.End;
            i++;
            continue;
          }
          if (b !== 0x22)
            expected(state === S.FirstName ? "a member name in double quotes or '}'" : 'a member name in double quotes', buf, i);
          begin('string', i);
          continue;
        case S.Colon:
          if (b !== 0x3a) expected("':'", buf, i);
          state = S.Value;
          i++;
          continue;
        case S.Value:
          if (name === streamed && b === 0x5b) {
            if (sawStreamed) fail(`the member "${streamed}" appears twice`, base + i, false);
            sawStreamed = true;
            on.streamStart(line);
            state = S.FirstElement;
            i++;
            continue;
          }
          if (name === streamed) {
            if (sawStreamed) fail(`the member "${streamed}" appears twice`, base + i, false);
            sawStreamed = true;
          }
          startValue(buf, i);
          continue;
        case S.AfterValue:
          if (b === 0x2c) state = S.Name;
          else if (b === 0x7d) state = S.End;
          else expected("',' or '}'", buf, i);
          i++;
          continue;
        case S.FirstElement:
        case S.Element:
          if (state === S.FirstElement && b === 0x5d) {
            state = S.AfterValue;
            i++;
            continue;
          }
          startValue(buf, i);
          continue;
        case S.AfterElement:
          if (b === 0x2c) state = S.Element;
          else if (b === 0x5d) state = S.AfterValue;
          else expected("',' or ']'", buf, i);
          i++;
          continue;
        case S.End:
          expected('the end of the document', buf, i);
      }
    }
  };

  /** A value starts at `i` (the piece is scanned from there on). */
  const startValue = (buf: Buffer, i: number): void => {
    const b = buf[i]!;
    if (b === 0x7b || b === 0x5b) begin('container', i);
    else if (b === 0x22) begin('string', i);
    else if (isScalarByte(b)) begin('scalar', i);
    else expected('a value', buf, i);
  };

  for await (const chunk of chunks) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    step(buf);
    base += buf.length;
  }
  // The end of the file: a number ends there; anything else still open is cut short.
  if (piece === 'scalar') state = finish(bytesOf(new Uint8Array(0)));
  else if (piece !== undefined) parsePiece(bytesOf(new Uint8Array(0)));
  if (state === S.End) return;
  const end = new Uint8Array(0);
  const what: Partial<Record<S, string>> = {
    [S.Document]: "'{' (a findings document is a JSON object)",
    [S.FirstName]: "a member name in double quotes or '}'",
    [S.Name]: 'a member name in double quotes',
    [S.Colon]: "':'",
    [S.Value]: 'a value',
    [S.AfterValue]: "',' or '}'",
    [S.FirstElement]: "a value or ']'",
    [S.Element]: 'a value',
    [S.AfterElement]: "',' or ']'",
  };
  expected(what[state] ?? 'the end of the document', end, 0);
}
