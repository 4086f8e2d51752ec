import { createHash } from 'node:crypto';
import type { ManifestFile } from './manifest.js';
import type { z } from 'zod';

/** The report carries this digest in every page's footer. */
export const REPORT_FILE = 'report.html';

/**
 * The manifest digest printed on every page of the report: the SHA-256 of the manifest's entries for
 * every file except the report itself, one "sha256  path" line each, in path order. A page cannot carry
 * the hash of manifest.json, which lists the hash of the page's own file; this digest binds the printed
 * page to the bundle's other files just as well, and `demarc verify` recomputes it from the manifest.
 */
export function manifestDigest(files: readonly z.infer<typeof ManifestFile>[]): string {
  const lines = files
    .filter((f) => f.path !== REPORT_FILE)
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .sort();
  return createHash('sha256').update(lines.join('')).digest('hex');
}
