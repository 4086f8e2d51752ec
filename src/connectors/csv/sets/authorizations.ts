import { z } from 'zod';
import { rejectDuplicates } from '../duplicates.js';
import type { AuthorizationValues } from '../../../model/cip-records.js';
import { normalizeKey } from '../../../util/normalize.js';
import type { RecordRow } from '../../../model/records.js';
import { localDateTime, type DateReading } from '../../../util/time.js';
import { mapRows, type CsvFile } from '../read-csv.js';

const FIELDS = ['person', 'entitlement', 'source', 'approver', 'date'] as const;

/**
 * Access authorisation records (CIP-004-7 R4.1): who may hold which group or role, approved by whom
 * and when. `source` optionally pins the entitlement to one directory.
 */
export function readAuthorizations(
  file: CsvFile,
  sourceId: string,
  columns: Record<string, string> | undefined,
  dates: DateReading,
): RecordRow[] {
  const schema = z.object({
    person: z.string({ error: 'the person (roster id, employee id or email) is required' }),
    entitlement: z.string({ error: 'the entitlement (group or role name) is required' }),
    source: z.string().optional(),
    approver: z.string({ error: 'the approver is required' }),
    date: z.string({ error: 'the authorisation date is required' }).pipe(localDateTime(dates)),
  });
  const rows = mapRows(file, schema, FIELDS, ['person', 'entitlement', 'approver', 'date'], columns);
  rejectDuplicates(
    file.path,
    rows,
    (v) => [v.person, v.source ?? '', v.entitlement].map(normalizeKey).join('\0'),
    'authorisation of this person for this entitlement',
  );
  return rows.map(({ line, value }) => {
    const values: AuthorizationValues = {
      person: value.person,
      entitlement: value.entitlement,
      approver: value.approver,
      date: value.date,
    };
    if (value.source) values.source = value.source;
    return { source: sourceId, set: 'authorizations', row: line, values };
  });
}
