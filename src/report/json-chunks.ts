/**
 * `JSON.stringify(value, null, 2)` as a sequence of pieces, so a document of any size can be written
 * without ever being one string (V8 caps a string near 512 MiB; 100,000 findings make 400 MB). The
 * containers down to `depth` are opened here; anything deeper is one native `JSON.stringify` call,
 * re-indented. Any iterable that is not an array (a generator, a lazily mapped list) is written as an
 * array, so a formatter can produce a million entries one at a time. The bytes are JSON.stringify's,
 * except inside a `compactList` within that depth, whose entries are written one per line unindented.
 */
export function* jsonChunks(value: unknown, depth: number): Generator<string> {
  const piece = part(value, '', depth);
  if (piece === undefined) return;
  if (typeof piece === 'string') yield piece;
  else yield* piece;
}

const INDENT = '  ';

/** A value as JSON.stringify would see it (toJSON applied), or undefined for what it leaves out. */
function prepared(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && !(LAZY in value) && typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return (value as { toJSON: (k: string) => unknown }).toJSON(key);
  return value;
}

const isIterable = (v: object): v is Iterable<unknown> => typeof (v as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
const isContainer = (v: unknown): v is object =>
  v !== null && typeof v === 'object' && !(v instanceof Number) && !(v instanceof String) && !(v instanceof Boolean);
/** Written as an array: arrays, and iterables other than Map and Set (which JSON.stringify writes as `{}`). */
const isList = (v: object): v is Iterable<unknown> => Array.isArray(v) || (isIterable(v) && !(v instanceof Map) && !(v instanceof Set));

/**
 * A deep value: one native stringify. Wrapped in as many one-entry arrays as it stands deep, it comes out
 * of JSON.stringify already indented to its place; the wrapping's own brackets are sliced off (cheaper
 * than re-indenting every line of it afterwards).
 */
function leaf(value: unknown, indent: string): string | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  let wrapped: unknown = isContainer(value) && !Array.isArray(value) && isList(value) ? Array.from(value) : value;
  if (indent === '') return JSON.stringify(wrapped, null, 2);
  const levels = indent.length / INDENT.length;
  for (let i = 0; i < levels; i++) wrapped = [wrapped];
  const s = JSON.stringify(wrapped, null, 2);
  const { head, tail } = wrapping(levels);
  return s.slice(head, s.length - tail);
}

/** Lengths of what `levels` one-entry arrays add before and after their content: `[\n  [\n    ` and `\n  ]\n]`. */
const wrappings: { head: number; tail: number }[] = [];
function wrapping(levels: number): { head: number; tail: number } {
  let w = wrappings[levels];
  if (!w) {
    let head = 0;
    let tail = 0;
    for (let k = 0; k < levels; k++) {
      head += k * INDENT.length + 2; // indent, "[", "\n"
      tail += 1 + k * INDENT.length + 1; // "\n", indent, "]"
    }
    wrappings[levels] = w = { head: head + levels * INDENT.length, tail };
  }
  return w;
}

function part(raw: unknown, indent: string, depth: number, key = ''): string | Generator<string> | undefined {
  if (raw !== null && typeof raw === 'object' && COMPACT in raw) return compactChunks(raw as unknown as Iterable<unknown>, indent);
  const value = prepared(raw, key);
  if (depth <= 0 || !isContainer(value)) return leaf(value, indent);
  if (isList(value)) return arrayChunks(value, indent, depth);
  return objectChunks(value as Record<string, unknown>, indent, depth);
}

function* arrayChunks(items: Iterable<unknown>, indent: string, depth: number): Generator<string> {
  const inner = indent + INDENT;
  let i = 0;
  for (const item of items) {
    const p = part(item, inner, depth - 1, String(i));
    const head = `${i === 0 ? '[\n' : ',\n'}${inner}`;
    i++;
    if (p === undefined) yield `${head}null`;
    else if (typeof p === 'string') yield head + p;
    else {
      yield head;
      yield* p;
    }
  }
  yield i === 0 ? '[]' : `\n${indent}]`;
}

function* compactChunks(items: Iterable<unknown>, indent: string): Generator<string> {
  const inner = indent + INDENT;
  let i = 0;
  for (const item of items) {
    yield `${i === 0 ? '[\n' : ',\n'}${inner}${JSON.stringify(item) ?? 'null'}`;
    i++;
  }
  yield i === 0 ? '[]' : `\n${indent}]`;
}

function* objectChunks(obj: Record<string, unknown>, indent: string, depth: number): Generator<string> {
  const inner = indent + INDENT;
  let n = 0;
  for (const k of Object.keys(obj)) {
    const p = part(obj[k], inner, depth - 1, k);
    if (p === undefined) continue;
    const head = `${n === 0 ? '{\n' : ',\n'}${inner}${JSON.stringify(k)}: `;
    n++;
    if (typeof p === 'string') yield head + p;
    else {
      yield head;
      yield* p;
    }
  }
  yield n === 0 ? '{}' : `\n${indent}}`;
}

/** The pieces as one string (for callers that want the whole document, and for small outputs). */
export const joinChunks = (chunks: Iterable<string>): string => {
  const parts: string[] = [];
  for (const c of chunks) parts.push(c);
  return parts.join('');
};

const LAZY = Symbol('lazy list');

/**
 * `items.map(fn)`, made an entry at a time while it is written: jsonChunks writes it as an array, one
 * entry at a time; below jsonChunks' depth (or given to JSON.stringify) it is the array (toJSON).
 */
export const lazyList = <T, U>(items: readonly T[], fn: (item: T) => U): Iterable<U> & { [LAZY]: true; toJSON(): U[] } => ({
  [LAZY]: true,
  *[Symbol.iterator]() {
    for (const item of items) yield fn(item);
  },
  toJSON: () => items.map(fn),
});

const COMPACT = Symbol('compact list');

/**
 * A list written an entry per line, each entry without indentation (the entries of a large document:
 * half the bytes of indented JSON, a line per entry for grep and diff), when it stands within
 * jsonChunks' depth. Deeper, or to JSON.stringify, it is the array itself (toJSON).
 */
export const compactList = <T>(items: Iterable<T>): Iterable<T> & { [COMPACT]: true; toJSON(): T[] } => ({
  [COMPACT]: true,
  [Symbol.iterator]: () => items[Symbol.iterator](),
  toJSON: () => Array.from(items),
});
