import type { Formatter } from '../formatter.js';
import { formatBloodhound } from './bloodhound.js';
import { formatCsv } from './csv.js';
import { formatGithub } from './github.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatOcsf } from './ocsf.js';
import { formatSarif } from './sarif.js';
import { formatTable } from './table.js';
import { visibleStrings } from '../visible-text.js';

/** Every output format, by name: a missing formatter is a compile error. */
export const FORMATS = ['table', 'json', 'csv', 'sarif', 'junit', 'markdown', 'html', 'github', 'ocsf', 'bloodhound'] as const;
export type Format = (typeof FORMATS)[number];

/** Formats that are data for another program: they keep every character of a name, as JSON does. */
export const DATA_FORMATS: readonly Format[] = ['json', 'ocsf', 'bloodhound'];

/** For people to read: control and bidirectional characters in the report are shown, not obeyed. */
const readable =
  (f: Formatter): Formatter =>
  (report, options) =>
    f(visibleStrings(report), options);

/** JSON, OCSF and OpenGraph are data and keep every character (JSON.stringify escapes the C0 controls itself). */
export const formatters: Record<Format, Formatter> = {
  table: readable(formatTable),
  json: formatJson,
  csv: readable(formatCsv),
  sarif: readable(formatSarif),
  junit: readable(formatJunit),
  markdown: readable(formatMarkdown),
  html: readable(formatHtml),
  github: readable(formatGithub),
  ocsf: formatOcsf,
  bloodhound: formatBloodhound,
};
