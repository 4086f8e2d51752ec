import { z } from 'zod';
import type { RecordRow } from '../../../model/records.js';
import type { TfeValues } from '../../../model/tfe.js';
import { normalizeKey } from '../../../util/normalize.js';
import { rejectDuplicates } from '../duplicates.js';
import { localDateTime } from '../../../util/time.js';
import { mapRows, type CsvFile } from '../read-csv.js';

const FIELDS = ['source', 'account', 'requirement', 'reference', 'description', 'expires'] as const;

/**
 * Technical Feasibility Exceptions: an account, the requirement part it covers (e.g. CIP-007-6 R5.6)
 * and the TFE reference, optionally with an expiry. Rules list covered accounts as "technically
 * infeasible" with the reference instead of a finding, until the expiry.
 */
export function readTfe(file: CsvFile, sourceId: string, columns: Record<string, string> | undefined, timeZone: string): RecordRow[] {
  const schema = z.object({
    source: z.string().optional(),
    account: z.string({ error: 'the account (id, name, UPN, sAMAccountName or DN) is required' }),
    requirement: z.string({ error: 'the requirement part (e.g. CIP-007-6 R5.6) is required' }),
    reference: z.string({ error: 'the TFE reference is required' }),
    description: z.string().optional(),
    expires: z.string().pipe(localDateTime(timeZone)).optional(),
  });
  const rows = mapRows(file, schema, FIELDS, ['account', 'requirement', 'reference'], columns);
  // A repeated row hides which reference or expiry is true: an input error naming both lines.
  rejectDuplicates(
    file.path,
    rows,
    (v) => [v.source ?? '', v.account, v.requirement].map(normalizeKey).join('\0'),
    'a TFE for this account and requirement',
  );
  return rows.map(({ line, value }) => {
    const values: TfeValues = { account: value.account, requirement: value.requirement, reference: value.reference };
    if (value.source) values.source = value.source;
    if (value.description) values.description = value.description;
    if (value.expires) values.expires = value.expires;
    return { source: sourceId, set: 'tfe', row: line, values };
  });
}
