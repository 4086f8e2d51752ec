import { LineCounter, parseDocument as parseYaml, isMap, isNode, isScalar, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError, InputErrors } from './errors.js';
import { nearest } from './nearest.js';

type Path = ReadonlyArray<PropertyKey>;

export const formatPath = (path: Path): string =>
  path.length === 0 ? '(top level)' : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');

/** Line and column of the node at `path`, or of its closest existing ancestor. */
function locate(doc: Document, lc: LineCounter, path: Path): { line: number; column: number } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) {
      const { line, col } = lc.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return undefined;
}

/** Line and column of a key inside the mapping at `path` (for unknown keys). */
function locateKey(doc: Document, lc: LineCounter, path: Path, key: string): { line: number; column: number } | undefined {
  const parent = path.length ? doc.getIn(path as unknown[], true) : doc.contents;
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    const range = isNode(pair?.key) ? pair.key.range : undefined;
    if (range) {
      const { line, col } = lc.linePos(range[0]);
      return { line, column: col };
    }
  }
  return locate(doc, lc, path);
}

/** Hints for the mistakes people make most, keyed by zod issue code. */
function hintFor(issue: z.core.$ZodIssue, value: unknown): string | undefined {
  const options = 'options' in issue && Array.isArray(issue.options) ? (issue.options as unknown[]).map(String) : undefined;
  const near = typeof value === 'string' && options ? nearest(value, options) : undefined;
  if (near) return `did you mean "${near}"?`;
  if (issue.code === 'unrecognized_keys') {
    return `remove ${issue.keys.map((k) => `"${k}"`).join(', ')} or check its spelling (\`demarc schema\` lists every allowed key)`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `expected one of: ${(issue.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return `check "${String(issue.discriminator)}"`;
  }
  return undefined;
}

/**
 * The document as plain data. Aliases are resolved here, so an alias to an anchor not (yet) defined,
 * or an alias bomb past the limit, is an input error at the first alias rather than a crash.
 */
function toJs(doc: Document, lc: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    const named = /: (\S+)$/.exec(why)?.[1];
    let at: { line: number; col: number } | undefined;
    visit(doc, {
      Alias(_, node) {
        if (node.range && (named === undefined || node.source === named)) at ??= lc.linePos(node.range[0]);
      },
    });
    throw new InputError(`not valid YAML/JSON: ${why}`, { file, line: at?.line, column: at?.col }, 'define each &anchor before its *alias');
  }
}

/**
 * Parse YAML (JSON is YAML) and validate it with a zod schema. Every problem is reported with
 * file, line, column and path in the document, all at once. `prepare` may edit the document first
 * (environment variables in the configuration).
 */
export function parseDocument<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  prepare?: (doc: Document, lc: LineCounter) => void,
): z.infer<S> {
  const lc = new LineCounter();
  const doc = parseYaml(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  // Warnings too: an unknown tag (!foo) is a warning to the YAML library, and a silently different value to us.
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    throw new InputErrors(
      problems.map((e) => {
        const pos = lc.linePos(e.pos[0]);
        return new InputError(`not valid YAML/JSON: ${e.message.split('\n')[0]}`, { file, line: pos?.line, column: pos?.col });
      }),
    );
  }
  prepare?.(doc, lc);
  const value = toJs(doc, lc, file);
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new InputErrors(
    result.error.issues.map((issue) => {
      const path = issue.path as Path;
      const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0]! : undefined;
      const fullPath = unknownKey ? [...path, unknownKey] : path;
      const pos = unknownKey ? locateKey(doc, lc, path, unknownKey) : locate(doc, lc, path);
      const given = doc.getIn(path as unknown[]);
      return new InputError(
        issue.message,
        { file, line: pos?.line, column: pos?.column, path: formatPath(fullPath) },
        hintFor(issue, given),
      );
    }),
  );
}

/** Line and column of `path` in a YAML/JSON text already known to parse (for problems found after validation). */
export function locateInText(text: string, path: Path): { line?: number; column?: number } {
  const lc = new LineCounter();
  const doc = parseYaml(text, { lineCounter: lc, prettyErrors: false });
  const at = locate(doc, lc, path);
  return at ? { line: at.line, column: at.column } : {};
}
