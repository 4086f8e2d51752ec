import type { Report } from '../model/findings.js';

export interface FormatOptions {
  /** Colour and width for terminals; formatters for files ignore them. */
  color: boolean;
  width: number;
}

/** A formatter is a function of the report: no I/O, no clock. */
export type Formatter = (report: Report, options: FormatOptions) => string;

/**
 * The same, as pieces in order: for outputs that grow with the findings (JSON, CSV, SARIF, OCSF), so
 * they are written as they are made and never held as one string. Joined, the pieces are the document.
 */
export type ChunkFormatter = (report: Report, options: FormatOptions) => Iterable<string>;
