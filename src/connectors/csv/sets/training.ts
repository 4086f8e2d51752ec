import { z } from 'zod';
import { rejectDuplicates } from '../duplicates.js';
import type { TrainingValues } from '../../../model/cip-records.js';
import { normalizeKey } from '../../../util/normalize.js';
import type { RecordRow } from '../../../model/records.js';
import { localDateTime, type DateReading } from '../../../util/time.js';
import { mapRows, type CsvFile } from '../read-csv.js';

const FIELDS = ['person', 'course', 'completed'] as const;

/**
 * Cyber security training completions (CIP-004-7 R2): one row per person, course and completion. The
 * course is informative (R2 asks that the training was completed, not which course record carries it),
 * so an export without a course column is accepted; only a rule that filters by `courses` needs one.
 */
export function readTraining(
  file: CsvFile,
  sourceId: string,
  columns: Record<string, string> | undefined,
  dates: DateReading,
): RecordRow[] {
  const schema = z.object({
    person: z.string({ error: 'the person (roster id, employee id or email) is required' }),
    course: z.string().optional(),
    completed: z.string({ error: 'the completion date is required' }).pipe(localDateTime(dates)),
  });
  const rows = mapRows(file, schema, FIELDS, ['person', 'completed'], columns);
  rejectDuplicates(
    file.path,
    rows,
    (v) => [v.person, v.course ?? '', v.completed].map(normalizeKey).join('\0'),
    'the same completion of this course by this person',
  );
  return rows.map(({ line, value }) => {
    const values: TrainingValues = value.course
      ? { person: value.person, course: value.course, completed: value.completed }
      : { person: value.person, completed: value.completed };
    return { source: sourceId, set: 'training', row: line, values };
  });
}
