import { readFile } from 'node:fs/promises';
import { formatPath } from '../util/parse-document.js';
import { Report } from '../model/findings.js';
import { InputError, InputErrors, fileErrorCode } from '../util/errors.js';

/** Reads a findings document (`demarc audit --format json`), validated against its schema. */
export async function readFindings(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read findings file: ${fileErrorCode(e)}`, { file: path });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file: path }, 'give a file written by `demarc audit --format json`');
  }
  const parsed = Report.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InputErrors(
    parsed.error.issues
      .slice(0, 10)
      .map(
        (i) =>
          new InputError(
            i.message,
            { file: path, path: formatPath(i.path) },
            i.path.length === 0 || i.path[0] === 'format' ? 'give a file written by `demarc audit --format json`' : undefined,
          ),
      ),
  );
}
