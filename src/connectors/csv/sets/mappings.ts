import { z } from 'zod';
import type { AccountMapping } from '../../../model/records.js';
import { mapRows, type CsvFile } from '../read-csv.js';

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
  return mapRows(file, schema, FIELDS, ['account', 'person'], columns).map(({ line, value }) => {
    const record = { source: sourceId, row: line };
    return value.source
      ? { source: value.source, account: value.account, person: value.person, record }
      : { account: value.account, person: value.person, record };
  });
}
