import type { ChunkFormatter, Formatter } from '../formatter.js';
import { jsonChunks } from '../json-chunks.js';

/** The findings document, as described by `demarc schema findings`. */
export const formatJson: Formatter = (report) => `${JSON.stringify(report, null, 2)}\n`;

/** The same bytes, a finding at a time (the report's top level and its lists opened, each entry whole). */
export const jsonDocumentChunks: ChunkFormatter = function* (report) {
  yield* jsonChunks(report, 2);
  yield '\n';
};
