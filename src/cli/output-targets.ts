import { join, resolve } from 'node:path';
import { InputError } from '../util/errors.js';
import { nearest } from '../util/nearest.js';

/*
 * Which formats a command writes, and where: shared by audit and check, apart from the formatters so
 * that a command with formats of its own (check) does not load every report format.
 */

/** One rendering of the report and where it goes (`-` is stdout). */
export interface OutputTarget<F extends string> {
  format: F;
  path: string;
}

const isIn = <F extends string>(known: readonly F[], s: string): s is F => (known as readonly string[]).includes(s);

function parseFormat<F extends string>(known: readonly F[], name: string, path: string): F {
  const f = name.trim().toLowerCase();
  if (isIn(known, f)) return f;
  const near = nearest(f, known);
  throw new InputError(
    `unknown format "${name}"`,
    { path },
    near ? `did you mean ${near}? (one of ${known.join(', ')})` : `one of ${known.join(', ')}`,
  );
}

/** `--format json,sarif,html`: one or more of `known`, each checked (a typo names the nearest format). */
export const formatsParser =
  <F extends string>(known: readonly F[]) =>
  (value: string): F[] => {
    const names = value.split(',').filter((s) => s.trim() !== '');
    if (names.length === 0) throw new InputError('no format given', { path: '--format' }, `one of ${known.join(', ')}`);
    return [...new Set(names.map((n) => parseFormat(known, n, '--format')))];
  };

export interface OutputFlags<F extends string> {
  /** Parsed --format; `formatGiven` says whether the user named it (commander's default is table). */
  formats: F[];
  formatGiven: boolean;
  /** Each --output: `FILE`, `-`, or `FORMAT=FILE`. */
  outputs: string[];
  outputDir?: string;
}

/**
 * Where each format goes. `--output FORMAT=FILE` (repeatable) and `--output-dir DIR` (every --format,
 * under its usual name) write files; a plain `--output FILE` takes the one --format, as it always has;
 * a format named with --format and given no file goes to stdout. One evaluation feeds them all.
 */
export function planOutputs<F extends string>(o: OutputFlags<F>, known: readonly F[], fileNames: Record<F, string>): OutputTarget<F>[] {
  const targets: OutputTarget<F>[] = [];
  const plain: string[] = [];
  for (const v of o.outputs) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(v);
    if (m && (isIn(known, m[1]!.toLowerCase()) || !v.includes('/')))
      targets.push({ format: parseFormat(known, m[1]!, `--output ${v}`), path: m[2]! });
    else plain.push(v);
  }
  if (plain.length > 1)
    throw new InputError(
      `--output is given ${plain.length} files without formats`,
      { path: '--output' },
      'name the format of each, e.g. --output json=findings.json --output sarif=demarc.sarif',
    );
  const typed = targets.length > 0;
  if (o.outputDir) {
    for (const f of o.formats) targets.push({ format: f, path: join(o.outputDir, fileNames[f]) });
    if (plain.length)
      throw new InputError(
        '--output FILE and --output-dir cannot be combined',
        { path: '--output' },
        'use --output FORMAT=FILE beside --output-dir',
      );
  } else if (plain.length === 1) {
    if (o.formats.length > 1)
      throw new InputError(
        `--output ${plain[0]} is one file for ${o.formats.length} formats`,
        { path: '--output' },
        'give --output-dir DIR, or --output FORMAT=FILE for each format',
      );
    targets.push({ format: o.formats[0]!, path: plain[0]! });
  } else if (!typed || o.formatGiven) {
    if (o.formats.length > 1)
      throw new InputError(
        `${o.formats.length} formats cannot all go to stdout`,
        { path: '--format' },
        `give --output-dir DIR, or --output FORMAT=FILE for each format but one`,
      );
    targets.push({ format: o.formats[0]!, path: '-' });
  }
  const seen = new Map<string, F>();
  for (const t of targets) {
    const key = t.path === '-' ? '-' : resolve(t.path);
    const before = seen.get(key);
    if (before !== undefined)
      throw new InputError(
        key === '-' ? `${before} and ${t.format} cannot both go to stdout` : `${t.path} is named for both ${before} and ${t.format}`,
        { path: '--output' },
        'give each format its own file',
      );
    seen.set(key, t.format);
  }
  return targets;
}
