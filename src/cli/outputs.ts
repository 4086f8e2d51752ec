import { appendFile } from 'node:fs/promises';
import { FORMATS, chunkFormatters, formatters, type Format } from '../report/formats/index.js';
import type { Report } from '../model/findings.js';
import { FileWriteError } from '../util/file-errors.js';
import { emit, emitChunks, type WrittenFile } from './output.js';
import { formatsParser, type OutputTarget } from './output-targets.js';

/** File names inside `--output-dir`, by format. */
export const DEFAULT_FILE: Record<Format, string> = {
  table: 'report.txt',
  json: 'findings.json',
  csv: 'findings.csv',
  sarif: 'demarc.sarif',
  junit: 'junit.xml',
  markdown: 'report.md',
  html: 'report.html',
  github: 'github-annotations.txt',
  ocsf: 'findings.ocsf.jsonl',
  bloodhound: 'bloodhound-opengraph.json',
};

/** The audit's --format. */
export const parseFormats = formatsParser(FORMATS);

/**
 * Renders and writes every target from the one report: files owner-only and atomic (a reader never
 * sees half a report), stdout last so a closed pipe cannot stop a file from being written. With the
 * `github` format inside GitHub Actions, the Markdown report is appended to the job's step summary.
 * With `recordJson`, returns the findings document it wrote to a file, if any, with its SHA-256 taken while
 * writing (the evidence bundle copies it).
 */
export async function writeOutputs(
  report: Report,
  targets: readonly OutputTarget<Format>[],
  env: Record<string, string | undefined>,
  tty: { isTTY: boolean; columns: number },
  recordJson = false,
): Promise<{ json?: WrittenFile }> {
  let json: WrittenFile | undefined;
  const files = targets.filter((t) => t.path !== '-');
  const stdout = targets.filter((t) => t.path === '-');
  for (const t of [...files, ...stdout]) {
    const color = t.format === 'table' && t.path === '-' && tty.isTTY && !env.NO_COLOR;
    const options = { color, width: tty.columns };
    const chunked = chunkFormatters[t.format];
    // Formats that grow with the findings are written as they are made (no 400 MB string at 100,000 findings).
    if (chunked) {
      const written = await emitChunks(chunked(report, options), t.path, recordJson && t.format === 'json');
      if (written) json = written;
    } else await emit(formatters[t.format](report, options), t.path);
  }
  const summary = env.GITHUB_STEP_SUMMARY;
  if (summary && targets.some((t) => t.format === 'github')) {
    // GitHub's own file for this step: appended to, as its documentation says, never replaced.
    try {
      await appendFile(summary, formatters.markdown(report, { color: false, width: 100 }));
    } catch (e) {
      throw new FileWriteError(summary, e);
    }
  }
  return json ? { json } : {};
}
