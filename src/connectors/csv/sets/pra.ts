import { z } from 'zod';
import { rejectDuplicates } from '../duplicates.js';
import type { PraValues } from '../../../model/cip-records.js';
import { normalizeKey } from '../../../util/normalize.js';
import type { RecordRow } from '../../../model/records.js';
import { localDateTime, type DateReading } from '../../../util/time.js';
import { mapRows, type CsvFile } from '../read-csv.js';

const FIELDS = ['person', 'date'] as const;

/** Personnel risk assessments (CIP-004-7 R3): the date each person's assessment was completed. */
export function readPra(file: CsvFile, sourceId: string, columns: Record<string, string> | undefined, dates: DateReading): RecordRow[] {
  const schema = z.object({
    person: z.string({ error: 'the person (roster id, employee id or email) is required' }),
    date: z.string({ error: 'the assessment date is required' }).pipe(localDateTime(dates)),
  });
  const rows = mapRows(file, schema, FIELDS, FIELDS, columns);
  rejectDuplicates(file.path, rows, (v) => [v.person, v.date].map(normalizeKey).join('\0'), 'an assessment of this person on this date');
  return rows.map(({ line, value }) => {
    const values: PraValues = { person: value.person, date: value.date };
    return { source: sourceId, set: 'pra', row: line, values };
  });
}
