import { InputError, InputErrors } from '../../util/errors.js';

/**
 * Rejects rows whose key appears twice in one file, naming both lines: a duplicated record hides
 * which of the two is true (two approvers, two dates), so it is an input error, never merged silently.
 */
export function rejectDuplicates<T>(
  file: string,
  rows: readonly { line: number; value: T }[],
  keyOf: (v: T) => string,
  what: string,
): void {
  const seen = new Map<string, number>();
  const errors: InputError[] = [];
  for (const { line, value } of rows) {
    const key = keyOf(value);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, line);
    else
      errors.push(
        new InputError(`${what} appears again (first on line ${first})`, { file, line }, 'remove the duplicate row or correct it'),
      );
  }
  if (errors.length > 0) throw new InputErrors(errors);
}
