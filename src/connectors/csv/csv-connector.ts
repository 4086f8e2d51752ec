import { resolve } from 'node:path';
import { z } from 'zod';
import { CollectedSource } from '../../model/collected.js';
import { defineConnector } from '../connector.js';
import { sourceConfigBase } from '../source-config.js';
import { readCsv } from './read-csv.js';
import { recordSetNames, recordSets } from './record-sets.js';
import { SlashDates } from '../../util/time.js';

export const CsvSourceConfig = sourceConfigBase
  .extend({
    kind: z.literal('csv'),
    records: z.enum(recordSetNames).describe('What the file holds.'),
    file: z.string().min(1).describe('Path of the CSV file (relative to the configuration file).'),
    delimiter: z.enum([',', ';', '\t']).optional().describe('Detected from the header line when omitted.'),
    columns: z.record(z.string(), z.string()).optional().describe('Field name -> column name in the file, for exports with other headers.'),
    statusValues: z
      .record(z.string(), z.enum(['active', 'leave', 'terminated']))
      .optional()
      .describe('Roster status values -> status.'),
    slashDates: SlashDates.optional().describe(
      'Read dates written with slashes (3/8/2026) month first (United States) or day first; without it only yyyy-mm-dd forms are read.',
    ),
  })
  .strict();

/** Record sets from CSV files: the rows are validated, errors name file, line and column; no row is dropped. */
export const csvConnector = defineConnector({
  kind: 'csv',
  configSchema: CsvSourceConfig,
  async collect(config, ctx) {
    const path = resolve(ctx.baseDir, config.file);
    const file = await readCsv(path, config.delimiter);
    const part = recordSets[config.records](file, {
      sourceId: config.id,
      columns: config.columns,
      statusValues: config.statusValues,
      timeZone: ctx.timeZone,
      slashDates: config.slashDates,
    });
    return CollectedSource.parse({
      ...part,
      source: {
        id: config.id,
        kind: 'csv',
        flavor: config.records,
        origin: { file: config.file, sha256: file.sha256 },
        collectedAt: ctx.now.toISOString(),
        complete: true,
        problems: [],
        counts: { rows: file.rows.length },
      },
    });
  },
});
