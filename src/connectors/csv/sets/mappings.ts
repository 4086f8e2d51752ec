import { z } from 'zod';
import type { AccountMapping } from '../../../model/records.js';
import { mapRows, type CsvFile } from '../read-csv.js';
import { normalizeKey } from '../../../util/normalize.js';
import { InputError, InputErrors } from '../../../util/errors.js';

const FIELDS = ['source', 'account', 'person'] as const;

/**
 * Explicit account-to-person mappings, for accounts no key can correlate (e.g. OT accounts named by
 * role). The account is named `source:name` or with its source in the `source` column.
 */
export function readMappings(file: CsvFile, sourceId: string, columns?: Record<string, string>): AccountMapping[] {
  const schema = z.object({
    source: z.string().optional(),
    account: z.string({ error: 'the account (id, UPN, sAMAccountName or DN) is required' }),
    person: z.string({ error: 'the person id is required' }),
  });
  const rows = mapRows(file, schema, FIELDS, ['account', 'person'], columns);
  rejectRepeats(file.path, rows);
  return rows.map(({ line, value }) => {
    const record = { source: sourceId, row: line };
    return value.source
      ? { source: value.source, account: value.account, person: value.person, record }
      : { account: value.account, person: value.person, record };
  });
}

/**
 * An account mapped twice: to two persons, which of the two is true cannot be told; to the same person,
 * the repeat hides nothing but is still a copy-and-paste slip an auditor would query. Both are errors
 * naming both lines. The account is keyed as the mapping resolves it: source (column or prefix) and name,
 * without case.
 */
function rejectRepeats(file: string, rows: { line: number; value: { source?: string; account: string; person: string } }[]): void {
  const seen = new Map<string, { line: number; person: string }>();
  const errors: InputError[] = [];
  for (const { line, value } of rows) {
    const key = `${normalizeKey(value.source ?? '')}\0${normalizeKey(value.account)}`;
    const first = seen.get(key);
    const account = value.source ? `${value.source}:${value.account}` : value.account;
    if (!first) seen.set(key, { line, person: value.person });
    else if (normalizeKey(first.person) === normalizeKey(value.person))
      errors.push(
        new InputError(
          `the mapping of account "${account}" on line ${line} repeats line ${first.line}`,
          { file, line },
          'remove the repeated row',
        ),
      );
    else
      errors.push(
        new InputError(
          `account "${account}" is mapped to ${value.person} on line ${line} but to ${first.person} on line ${first.line}`,
          { file, line },
          'an account belongs to one person: keep the row that is true',
        ),
      );
  }
  if (errors.length > 0) throw new InputErrors(errors);
}
