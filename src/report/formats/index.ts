import type { ChunkFormatter, Formatter } from '../formatter.js';
import { formatBloodhound } from './bloodhound.js';
import { csvChunks, formatCsv } from './csv.js';
import { formatGithub } from './github.js';
import { formatHtml } from './html.js';
import { formatJson, jsonDocumentChunks } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatOcsf, ocsfChunks } from './ocsf.js';
import { formatSarif, sarifChunks } from './sarif.js';
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

const readableChunks =
  (f: ChunkFormatter): ChunkFormatter =>
  (report, options) =>
    f(visibleStrings(report), options);

/**
 * The formats whose size grows with the findings, as pieces: written as they are made, so no output is
 * ever one string in memory. Joined, each gives exactly what its formatter above returns.
 */
export const chunkFormatters: Partial<Record<Format, ChunkFormatter>> = {
  json: jsonDocumentChunks,
  csv: readableChunks(csvChunks),
  sarif: readableChunks(sarifChunks),
  ocsf: ocsfChunks,
};
