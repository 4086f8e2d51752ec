import { z } from 'zod';
import type { Tool } from '../../../model/records.js';
import { InputError } from '../../../util/errors.js';
import { mapRows, type CsvFile } from '../read-csv.js';

const FIELDS = ['id', 'name', 'zone', 'vendor', 'identities'] as const;

/**
 * Tool inventory: one tool per row; `identities` lists the identities the tool runs as, separated by
 * ";", each `source-id:ref` or just `ref` (matched against id, appId, UPN, sAMAccountName, DN and name).
 * Each is kept as written: the rule reads a prefix as a source only when it is the id of a collected
 * source, so a name that itself contains ":" still resolves.
 */
export function readTools(file: CsvFile, sourceId: string, columns?: Record<string, string>): Tool[] {
  const schema = z.object({
    id: z.string({ error: 'a tool id is required' }),
    name: z.string({ error: 'a tool name is required' }),
    zone: z.string({ error: 'the zone the tool monitors is required' }),
    vendor: z.string().optional(),
    identities: z.string({ error: 'at least one identity is required' }),
  });
  const seen = new Map<string, number>();
  return mapRows(file, schema, FIELDS, ['id', 'name', 'zone', 'identities'], columns).map(({ line, value }) => {
    const prev = seen.get(value.id);
    if (prev !== undefined) throw new InputError(`tool id "${value.id}" appears again (first on line ${prev})`, { file: file.path, line });
    seen.set(value.id, line);
    const identities = value.identities
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((ref) => ({ ref }));
    const t: Tool = { source: sourceId, id: value.id, name: value.name, zone: value.zone, identities };
    if (value.vendor) t.vendor = value.vendor;
    return t;
  });
}
