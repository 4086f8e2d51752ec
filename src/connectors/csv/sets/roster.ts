import { z } from 'zod';
import type { Person } from '../../../model/records.js';
import { InputError } from '../../../util/errors.js';
import { localDateTime, type SlashDates } from '../../../util/time.js';
import { mapRows, type CsvFile } from '../read-csv.js';

const FIELDS = ['id', 'name', 'email', 'upn', 'employeeId', 'department', 'title', 'status', 'terminatedAt', 'transferredAt'] as const;

const DEFAULT_STATUS: Record<string, Person['status']> = {
  active: 'active',
  employed: 'active',
  a: 'active',
  current: 'active',
  leave: 'leave',
  loa: 'leave',
  suspended: 'leave',
  terminated: 'terminated',
  term: 'terminated',
  inactive: 'terminated',
  t: 'terminated',
  separated: 'terminated',
};

export interface RosterOptions {
  columns?: Record<string, string>;
  statusValues?: Record<string, Person['status']>;
  timeZone: string;
  slashDates?: SlashDates;
}

/** HR roster: one person per row. Columns not mapped to a field are kept as attributes. */
export function readRoster(file: CsvFile, sourceId: string, opts: RosterOptions): Person[] {
  const statusMap = {
    ...DEFAULT_STATUS,
    ...Object.fromEntries(Object.entries(opts.statusValues ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const schema = z.object({
    id: z.string({ error: 'a person id is required' }),
    name: z.string({ error: 'a name is required' }),
    email: z.string().optional(),
    upn: z.string().optional(),
    employeeId: z.string().optional(),
    department: z.string().optional(),
    title: z.string().optional(),
    status: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (s === undefined) return 'active' as const;
        const m = statusMap[s.toLowerCase()];
        if (!m) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown status "${s}" (expected one of ${Object.keys(statusMap).join(', ')}; map others with statusValues)`,
          });
          return z.NEVER;
        }
        return m;
      }),
    terminatedAt: localDateTime(opts).optional(),
    transferredAt: localDateTime(opts).optional(),
  });
  const mapped = new Set(FIELDS.map((f) => opts.columns?.[f] ?? f));
  const seen = new Map<string, number>();
  const rows = mapRows(file, schema, FIELDS, ['id', 'name'], opts.columns);
  return rows.map(({ line, value }) => {
    const prev = seen.get(value.id);
    if (prev !== undefined)
      throw new InputError(
        `person id "${value.id}" appears again (first on line ${prev})`,
        { file: file.path, line },
        'each person must appear once in the roster',
      );
    seen.set(value.id, line);
    const raw = file.rows.find((r) => r.line === line)!.values;
    const attributes = Object.fromEntries(Object.entries(raw).filter(([k, v]) => !mapped.has(k) && v !== ''));
    const p: Person = { source: sourceId, ...value };
    if (Object.keys(attributes).length > 0) p.attributes = attributes;
    return p;
  });
}
