import { z } from 'zod';
import { rejectDuplicates } from '../duplicates.js';
import type { SharedAccountValues } from '../../../model/cip-records.js';
import { normalizeKey } from '../../../util/normalize.js';
import type { RecordRow } from '../../../model/records.js';
import { mapRows, type CsvFile } from '../read-csv.js';

const FIELDS = ['source', 'account', 'individuals', 'description'] as const;

/**
 * Shared and generic account inventory (CIP-007-6 R5.2, R5.3): each account, the source it lives
 * in, and the individuals authorised to use it, separated by ";". An empty list is kept (and
 * reported by the rule): an account nobody is authorised to use is itself a finding. The account is
 * named `source:name` or with its source in the `source` column (the rule resolves both).
 */
export function readSharedAccounts(file: CsvFile, sourceId: string, columns: Record<string, string> | undefined): RecordRow[] {
  const schema = z.object({
    source: z.string().optional(),
    account: z.string({ error: 'the account (id, name, UPN, sAMAccountName or DN) is required' }),
    individuals: z.string().optional(),
    description: z.string().optional(),
  });
  const rows = mapRows(file, schema, FIELDS, ['account', 'individuals'], columns);
  rejectDuplicates(file.path, rows, (v) => `${normalizeKey(v.source ?? '')}\0${normalizeKey(v.account)}`, 'this shared account');
  return rows.map(({ line, value }) => {
    const individuals = (value.individuals ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    const values: SharedAccountValues = value.source
      ? { source: value.source, account: value.account, individuals }
      : { account: value.account, individuals };
    if (value.description) values.description = value.description;
    return { source: sourceId, set: 'shared-accounts', row: line, values };
  });
}
