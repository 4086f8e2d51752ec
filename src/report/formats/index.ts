import type { Formatter } from '../formatter.js';
import { formatJson } from './json.js';
import { formatTable } from './table.js';

/** Every output format, by name: a missing formatter is a compile error. */
export const FORMATS = ['table', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export const formatters: Record<Format, Formatter> = {
  table: formatTable,
  json: formatJson,
};
