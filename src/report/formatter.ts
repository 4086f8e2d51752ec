import type { Report } from '../model/findings.js';

export interface FormatOptions {
  /** Colour and width for terminals; formatters for files ignore them. */
  color: boolean;
  width: number;
}

/** A formatter is a function of the report: no I/O, no clock. */
export type Formatter = (report: Report, options: FormatOptions) => string;
