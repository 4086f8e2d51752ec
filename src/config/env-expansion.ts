import { isMap, isPair, isScalar, isSeq, visit, type Document, type LineCounter, type Node, type Scalar } from 'yaml';
import { InputError, InputErrors } from '../util/errors.js';

/**
 * Keys of a source whose values are paths or URLs: these may name `${VAR}` environment variables, so one
 * configuration serves several sites. Secrets never do (`password`, `clientSecret` and the proxy password
 * keep `{ env: NAME }` or `{ file: path }`): a secret written inline would end up in copies of the file.
 */
const EXPANDED_KEYS = new Set([
  'file',
  'files',
  'url',
  'urls',
  'caFile',
  'privateKeyFile',
  'certificateFile',
  'authorityHost',
  'graphEndpoint',
  'token_endpoint',
  'publicKey',
]);
const SECRET_KEYS = new Set(['password', 'clientSecret']);

const VAR = /\$\$|\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${NAME}` in the path and URL fields of `sources:` with the environment's value, in place in the
 * YAML document (before validation, so a value that is not a URL is reported as usual). `$$` is a literal `$`.
 * An unset or malformed variable is an input error naming the file, line, column and variable.
 */
export function expandEnvironment(doc: Document, lc: LineCounter, file: string, env: Record<string, string | undefined>): void {
  const sources = isMap(doc.contents) ? doc.contents.get('sources', true) : undefined;
  if (!isSeq(sources)) return;
  const errors: InputError[] = [];
  const expand = (s: Scalar, path: string): void => {
    if (typeof s.value !== 'string' || !s.value.includes('$')) return;
    const at = s.range ? lc.linePos(s.range[0]) : undefined;
    s.value = s.value.replace(VAR, (whole, name: string | undefined) => {
      if (whole === '$$') return '$';
      const where = { file, line: at?.line, column: at?.col, path };
      if (!NAME.test(name ?? '')) {
        errors.push(
          new InputError(`"${whole}" is not an environment variable reference`, where, 'write ${NAME} with letters, digits and _'),
        );
        return whole;
      }
      const value = env[name!];
      if (value === undefined) {
        errors.push(new InputError(`environment variable ${name} is not set`, where, `set ${name}, or write the value itself`));
        return whole;
      }
      return value;
    });
  };
  sources.items.forEach((source, i) => {
    visit(source as Node, {
      Pair(_, pair, trail) {
        if (isScalar(pair.key) && SECRET_KEYS.has(String(pair.key.value))) return visit.SKIP;
        if (!isScalar(pair.key) || !EXPANDED_KEYS.has(String(pair.key.value))) return undefined;
        const key = String(pair.key.value);
        const nested = trail.filter(isPair).map((p) => (isScalar(p.key) ? String(p.key.value) : '?'));
        const path = `sources[${i}].${[...nested, key].join('.')}`;
        if (isScalar(pair.value)) expand(pair.value, path);
        else if (isSeq(pair.value)) pair.value.items.forEach((v, k) => isScalar(v) && expand(v, `${path}[${k}]`));
        return visit.SKIP;
      },
    });
  });
  if (errors.length > 0) throw new InputErrors(errors);
}
