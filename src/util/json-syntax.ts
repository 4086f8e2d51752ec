/**
 * Where a piece of JSON text (RFC 8259) first goes wrong, and what was expected there. Only for the
 * error path: the streaming reader hands each piece to JSON.parse, and asks here only when that fails,
 * because JSON.parse's own message names neither a line nor (on every Node version) a position.
 */
export interface JsonSyntaxProblem {
  /** Byte offset into the piece. */
  offset: number;
  expected: string;
  found: string;
}

const OBJECT = 0x7b;
const ARRAY = 0x5b;
const isWs = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
const isHex = (b: number | undefined): boolean => b !== undefined && (isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46));

/** How a byte reads in a message: the end, a quoted printable character, or its code. */
export function describeByte(bytes: Uint8Array, offset: number): string {
  const b = bytes[offset];
  if (b === undefined) return 'the end of the file';
  if (b >= 0x21 && b < 0x7f) return `'${String.fromCharCode(b)}'`;
  if (b === 0x0a) return 'a line break';
  if (b === 0x20) return 'a space';
  return `byte 0x${b.toString(16).padStart(2, '0')}`;
}

/** The first syntax problem of `bytes` read as one JSON value, or undefined when it is one. */
export function jsonSyntaxProblem(bytes: Uint8Array): JsonSyntaxProblem | undefined {
  const n = bytes.length;
  let i = 0;
  const stack: number[] = [];
  const fail = (expected: string): JsonSyntaxProblem => ({ offset: i, expected, found: describeByte(bytes, i) });
  const ws = (): void => {
    while (i < n && isWs(bytes[i])) i++;
  };
  const string = (): JsonSyntaxProblem | undefined => {
    i++; // the opening quote
    for (;;) {
      const b = bytes[i];
      if (b === undefined) return fail('the closing quote of the string');
      if (b === 0x22) {
        i++;
        return undefined;
      }
      if (b < 0x20) return fail('a character of the string (a control character must be escaped)');
      if (b === 0x5c) {
        const e = bytes[i + 1];
        if (e === 0x75) {
          for (let k = 2; k < 6; k++)
            if (!isHex(bytes[i + k])) {
              i += k;
              return fail('four hex digits after \\u');
            }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(String.fromCharCode(e))) i += 2;
        else {
          i++;
          return fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits)');
        }
      } else i++;
    }
  };
  const digits = (): JsonSyntaxProblem | undefined => {
    if (!isDigit(bytes[i])) return fail('a digit');
    while (isDigit(bytes[i])) i++;
    return undefined;
  };
  const number = (): JsonSyntaxProblem | undefined => {
    if (bytes[i] === 0x2d) i++;
    if (bytes[i] === 0x30) i++;
    else {
      const p = digits();
      if (p) return p;
    }
    if (bytes[i] === 0x2e) {
      i++;
      const p = digits();
      if (p) return p;
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      const p = digits();
      if (p) return p;
    }
    return undefined;
  };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word.charCodeAt(k)) return false;
    i += word.length;
    return true;
  };

  let expectValue = true;
  for (;;) {
    if (expectValue) {
      ws();
      const b = bytes[i];
      let p: JsonSyntaxProblem | undefined;
      if (b === OBJECT || b === ARRAY) {
        i++;
        ws();
        if (bytes[i] === (b === OBJECT ? 0x7d : 0x5d)) i++;
        else {
          stack.push(b);
          if (b === ARRAY) continue;
          p = member();
          if (p) return p;
          continue;
        }
      } else if (b === 0x22) p = string();
      else if (b === 0x2d || isDigit(b)) p = number();
      else if (!(literal('true') || literal('false') || literal('null'))) return fail('a value');
      if (p) return p;
      expectValue = false;
    }
    ws();
    const top = stack.at(-1);
    if (top === undefined) return i < n ? fail('the end of the value') : undefined;
    const b = bytes[i];
    if (b === 0x2c) {
      i++;
      if (top === OBJECT) {
        const p = member();
        if (p) return p;
      }
      expectValue = true;
    } else if (b === (top === OBJECT ? 0x7d : 0x5d)) {
      i++;
      stack.pop();
    } else return fail(top === OBJECT ? "',' or '}'" : "',' or ']'");
  }

  /** A member name and its colon; the value follows. */
  function member(): JsonSyntaxProblem | undefined {
    ws();
    if (bytes[i] !== 0x22) return fail('a member name in double quotes');
    const p = string();
    if (p) return p;
    ws();
    if (bytes[i] !== 0x3a) return fail("':'");
    i++;
    expectValue = true;
    return undefined;
  }
}
