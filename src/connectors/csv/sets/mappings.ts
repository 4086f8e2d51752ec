import { z } from 'zod';
import type { AccountMapping } from '../../../model/records.js';
import { mapRows, type CsvFile } from '../read-csv.js';

const FIELDS = ['source', 'account', 'person'] as const;

/** Explicit account-to-person mappings, for accounts no key can correlate (e.g. OT accounts named by role). */
export function readMappings(file: CsvFile, columns?: Record<string, string>): AccountMapping[] {
  const schema = z.object({
    source: z.string({ error: 'the source id of the account is required' }),
    account: z.string({ error: 'the account (id, UPN, sAMAccountName or DN) is required' }),
    person: z.string({ error: 'the person id is required' }),
  });
  return mapRows(file, schema, FIELDS, FIELDS, columns).map(({ value }) => value);
}
