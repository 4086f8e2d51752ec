import type { ChunkFormatter, Formatter } from '../formatter.js';
import { compactList, joinChunks, jsonChunks } from '../json-chunks.js';

/**
 * The findings document, as described by `demarc schema findings`, a finding at a time: the report's
 * top level indented as `JSON.stringify(report, null, 2)` writes it, each finding on one line of its own
 * (a finding is found whole by grep, a diff of two reports is a line per changed finding, and 100,000
 * findings are half the bytes they are indented).
 */
export const jsonDocumentChunks: ChunkFormatter = function* (report) {
  yield* jsonChunks({ ...report, findings: compactList(report.findings) }, 2);
  yield '\n';
};

export const formatJson: Formatter = (report, options) => joinChunks(jsonDocumentChunks(report, options));
