import { z } from 'zod';
import { rejectDuplicates } from '../duplicates.js';
import type { PrivilegeValues } from '../../../model/cip-records.js';
import { normalizeKey } from '../../../util/normalize.js';
import type { RecordRow } from '../../../model/records.js';
import { localDateTime, type DateReading } from '../../../util/time.js';
import { mapRows, type CsvFile } from '../read-csv.js';

const FIELDS = ['source', 'group', 'description', 'reviewed'] as const;

/**
 * Group privilege catalogue (CIP-004-7 R4.3): what each in-scope group or role grants and when that
 * was last reviewed. Description and review date may be empty in the file; the rule reports them.
 * The group is named `source:name` or with its source in the `source` column (the rule resolves both).
 */
export function readPrivileges(
  file: CsvFile,
  sourceId: string,
  columns: Record<string, string> | undefined,
  dates: DateReading,
): RecordRow[] {
  const schema = z.object({
    source: z.string().optional(),
    group: z.string({ error: 'the group or role name is required' }),
    description: z.string().optional(),
    reviewed: localDateTime(dates).optional(),
  });
  const rows = mapRows(file, schema, FIELDS, ['group', 'description', 'reviewed'], columns);
  rejectDuplicates(file.path, rows, (v) => `${normalizeKey(v.source ?? '')}\0${normalizeKey(v.group)}`, 'this group');
  return rows.map(({ line, value }) => {
    const values: PrivilegeValues = value.source ? { source: value.source, group: value.group } : { group: value.group };
    if (value.description) values.description = value.description;
    if (value.reviewed) values.reviewed = value.reviewed;
    return { source: sourceId, set: 'privileges', row: line, values };
  });
}
