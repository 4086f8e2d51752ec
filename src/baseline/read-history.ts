import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Report, RuleResult } from '../model/findings.js';
import type { VerificationHistory } from '../model/verification-history.js';
import { InputError, fileErrorCode } from '../util/errors.js';
import { formatPath } from '../util/parse-document.js';
import { HISTORY, historyRuns } from './state-dir.js';
import { isR42Verification } from './verification-quarters.js';

/** The parts of a stored findings document the history needs; the findings themselves are not validated here. */
const StoredRun = z.object({
  format: z.literal('demarc-findings'),
  run: Report.shape.run.pick({ evaluatedAt: true, timeZone: true }),
  rules: z.array(RuleResult),
});

async function readRun(path: string): Promise<z.infer<typeof StoredRun> | InputError> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    return new InputError(e instanceof SyntaxError ? `not valid JSON: ${e.message}` : `cannot read history run: ${fileErrorCode(e)}`, {
      file: path,
    });
  }
  const parsed = StoredRun.safeParse(value);
  if (parsed.success) return parsed.data;
  const i = parsed.error.issues[0]!;
  return new InputError(
    i.message,
    { file: path, path: formatPath(i.path) },
    'history runs are findings documents written by `demarc audit --baseline`',
  );
}

/**
 * The earlier runs of a state directory (`audit --baseline DIR`), for the CIP-004-7 R4.2 rule.
 * `missing`: what a directory that does not exist means: no runs yet (the first `--baseline` run
 * creates it), or an input error (a configured `history.stateDir` must hold the history it names).
 */
export async function readVerificationHistory(dir: string, missing: 'empty' | 'error'): Promise<VerificationHistory> {
  const st = await stat(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new InputError(`cannot read history directory: ${e.code}`, { file: dir });
  });
  if (st && !st.isDirectory()) throw new InputError('the history state directory is not a directory', { file: dir });
  const hasHistory = st
    ? await stat(join(dir, HISTORY)).then(
        (s) => s.isDirectory(),
        () => false,
      )
    : false;
  if (!hasHistory) {
    if (missing === 'error')
      throw new InputError(
        st ? `the history state directory has no ${HISTORY}/ folder` : 'the history state directory does not exist',
        { file: dir, path: 'history.stateDir' },
        'give the directory `demarc audit --baseline DIR` keeps',
      );
    return { format: 'demarc-history', version: 1, stateDir: dir, runs: [] };
  }
  const runs: VerificationHistory['runs'] = [];
  const unreadable: NonNullable<VerificationHistory['unreadable']> = [];
  for (const name of await historyRuns(dir)) {
    const file = `${HISTORY}/${name}`;
    const r = await readRun(join(dir, file));
    // A damaged run is kept as such: whether it verified its quarter is unknown, which the rule reports.
    if (r instanceof InputError) unreadable.push({ file, problem: r.render().replace(`${join(dir, file)}: `, '') });
    else runs.push({ evaluatedAt: r.run.evaluatedAt, timeZone: r.run.timeZone, verification: isR42Verification(r), file });
  }
  return { format: 'demarc-history', version: 1, stateDir: dir, runs, ...(unreadable.length ? { unreadable } : {}) };
}
