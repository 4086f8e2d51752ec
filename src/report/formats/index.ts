import type { Formatter } from '../formatter.js';
import { formatCsv } from './csv.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatTable } from './table.js';

/** Every output format, by name: a missing formatter is a compile error. */
export const FORMATS = ['table', 'json', 'csv', 'sarif', 'junit', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export const formatters: Record<Format, Formatter> = {
  table: formatTable,
  json: formatJson,
  csv: formatCsv,
  sarif: formatSarif,
  junit: formatJunit,
  markdown: formatMarkdown,
  html: formatHtml,
};
