import fc from 'fast-check';

/**
 * Damage a valid file the ways files get damaged: a flipped bit, a cut-off copy, lines repeated, lost or
 * reordered by an edit, control characters, NUL and invalid UTF-8 pasted in, one field's value replaced.
 */
export type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate' | 'delete'; line: number }
  | { op: 'swap'; line: number; other: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'replace'; line: number; value: string };

// NUL, C0 controls, DEL, a lone continuation byte, an overlong '/', a UTF-8 encoded surrogate, a truncated
// sequence, 0xFF (never valid), a lone CR and a BOM in the middle of the text (RFC 3629 section 3).
const NASTY_BYTES: number[][] = [
  [0x00],
  [0x01],
  [0x1b],
  [0x7f],
  [0x80],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xff],
  [0x0d],
  [0xef, 0xbb, 0xbf],
  [0x0c],
  [0x0b],
];

// Values that are wrong in type, form or size for most fields.
const NASTY_VALUES = [
  '',
  ' ',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  'null',
  'true',
  '[]',
  '{}',
  '{',
  '"',
  "'",
  '*alias',
  '&anchor',
  '!!binary',
  '2026-02-30',
  '2026-13-01T25:61:00Z',
  '::',
  '\\',
  '\u2028',
  '\uFEFF',
  'CN=,DC=',
  '__proto__',
  'constructor',
  'x'.repeat(5000),
];

const index = fc.nat({ max: 1 << 20 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: index, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: index }),
  fc.record({ op: fc.constantFrom('duplicate' as const, 'delete' as const), line: index }),
  fc.record({ op: fc.constant('swap' as const), line: index, other: index }),
  fc.record({ op: fc.constant('insert' as const), at: index, bytes: fc.constantFrom(...NASTY_BYTES) }),
  fc.record({
    op: fc.constant('replace' as const),
    line: index,
    value: fc.oneof(fc.constantFrom(...NASTY_VALUES), fc.string({ maxLength: 12, unit: 'binary' })),
  }),
);

/** One to three mutations, applied in order. */
export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

const splitLines = (b: Buffer): Buffer[] => {
  const out: Buffer[] = [];
  let s = 0;
  for (let i = 0; i < b.length; i++)
    if (b[i] === 0x0a) {
      out.push(b.subarray(s, i + 1));
      s = i + 1;
    }
  if (s < b.length) out.push(b.subarray(s));
  return out;
};

// The value of a field: after the first separator of the line (YAML/LDIF ':', CSV ',' or ';', JSON '":'),
// up to the next separator or the end of the line.
const SEPARATORS = new Set([0x3a, 0x2c, 0x3b, 0x09]);

function replaceValue(line: Buffer, value: string): Buffer {
  const eol = line[line.length - 1] === 0x0a ? line.length - 1 : line.length;
  let s = 0;
  while (s < eol && !SEPARATORS.has(line[s]!)) s++;
  if (s === eol) return Buffer.concat([Buffer.from(value), line.subarray(eol)]);
  let e = s + 1;
  while (e < eol && !SEPARATORS.has(line[e]!)) e++;
  return Buffer.concat([line.subarray(0, s + 1), Buffer.from(value), line.subarray(e)]);
}

export function applyMutation(b: Buffer, m: Mutation): Buffer {
  if (b.length === 0) return m.op === 'insert' ? Buffer.from(m.bytes) : b;
  switch (m.op) {
    case 'flip': {
      const out = Buffer.from(b);
      const at = m.at % b.length;
      out[at] = out[at]! ^ (1 << m.bit);
      return out;
    }
    case 'truncate':
      return b.subarray(0, m.at % b.length);
    case 'insert': {
      const at = m.at % (b.length + 1);
      return Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
    }
  }
  const lines = splitLines(b);
  const i = m.line % lines.length;
  switch (m.op) {
    case 'duplicate':
      lines.splice(i, 0, lines[i]!);
      break;
    case 'delete':
      lines.splice(i, 1);
      break;
    case 'swap': {
      const j = m.other % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      break;
    }
    case 'replace':
      lines[i] = replaceValue(lines[i]!, m.value);
      break;
  }
  return Buffer.concat(lines);
}

export const applyAll = (b: Buffer, ms: Mutation[]): Buffer => ms.reduce(applyMutation, b);
