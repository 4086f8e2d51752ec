import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { z } from 'zod';
import { formatPath } from '../util/parse-document.js';
import { Finding, Report } from '../model/findings.js';
import { InputError, InputErrors, fileErrorCode } from '../util/errors.js';
import { JsonReadError, readJsonMembers } from '../util/json-members.js';

const HINT = 'give a file written by `demarc audit --format json`';
const MAX_ISSUES = 10;
/** Top-level members in the schema's order: issues are reported in it, as one parse of the whole document would. */
const MEMBER_ORDER = Object.keys(Report.shape);

export interface ReadOptions {
  /** Bytes read at a time (tests use a tiny one to split findings across reads). */
  chunkSize?: number;
}

/** A finding as read, with where it is in its file (to read it again by `readFindingAt`). */
export interface FindingAt {
  index: number;
  line: number;
  start: number;
  end: number;
}

/** Everything of a findings document but its findings. */
export type FindingsHead = Omit<Report, 'findings'>;

/**
 * Reads a findings document (`demarc audit --format json`), validated against its schema, a finding at a
 * time: each goes to `onFinding` as it is read, so the document is never held whole (nor as one string,
 * which V8 caps near 512 MiB). Returns the rest of the document. Any valid JSON is read, minified or
 * re-indented; a syntax error names its line and column and what was expected there, a schema problem
 * its path and the line of the finding or member it is in.
 */
export async function readFindingsEach(
  path: string,
  onFinding: (finding: Finding, at: FindingAt) => void,
  o: ReadOptions = {},
): Promise<FindingsHead> {
  const { findings: _, ...head } = await read(path, onFinding, o);
  return head;
}

/** The whole document (for callers that need every finding). */
export async function readFindings(path: string, o: ReadOptions = {}): Promise<Report> {
  const findings: Finding[] = [];
  const report = await read(path, (f) => findings.push(f), o);
  report.findings = findings;
  return report;
}

/**
 * Reads the findings at the given byte ranges of a file read before by `readFindingsEach` (a second pass
 * that parses only those findings). Each is checked against its fingerprint, in case the file changed.
 */
export async function readFindingsAt(path: string, ats: readonly (FindingAt & { fingerprint: string })[]): Promise<Finding[]> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new InputError(`cannot read findings file: ${fileErrorCode(e)}`, { file: path });
  }
  try {
    const out: Finding[] = [];
    for (const at of ats) {
      const buf = Buffer.alloc(at.end - at.start);
      const { bytesRead } = await handle.read(buf, 0, buf.length, at.start);
      let f: Finding | undefined;
      try {
        const parsed = Finding.safeParse(JSON.parse(buf.toString('utf8', 0, bytesRead)));
        if (parsed.success && parsed.data.fingerprint === at.fingerprint) f = parsed.data;
      } catch {
        // reported below
      }
      if (!f)
        throw new InputError('the file changed while it was being read', { file: path, line: at.line, path: `findings[${at.index}]` });
      out.push(f);
    }
    return out;
  } finally {
    await handle.close();
  }
}

async function read(path: string, onFinding: (finding: Finding, at: FindingAt) => void, o: ReadOptions): Promise<Report> {
  // Built like JSON.parse builds an object: own properties, a repeated name keeping its first place.
  const head: Record<string, unknown> = {};
  const lines = new Map<string, number>();
  const findingIssues: { issue: z.core.$ZodIssue; line: number }[] = [];
  let streamed = false;
  try {
    // A mebibyte a read rather than the stream's 64 KiB: a 500 MB document is then 500 reads, not 8,000.
    await readJsonMembers(createReadStream(path, { highWaterMark: o.chunkSize ?? 1 << 20 }), 'findings', {
      member(name, value, line) {
        Object.defineProperty(head, name, { value, enumerable: true, writable: true, configurable: true });
        lines.set(name, line);
      },
      streamStart(line) {
        streamed = true;
        lines.set('findings', line);
        Object.defineProperty(head, 'findings', { value: [], enumerable: true, writable: true, configurable: true });
      },
      element(value, index, line, start, end) {
        const parsed = Finding.safeParse(value);
        if (parsed.success) onFinding(parsed.data, { index, line, start, end });
        else
          for (const issue of parsed.error.issues)
            if (findingIssues.length < MAX_ISSUES)
              findingIssues.push({ issue: { ...issue, path: ['findings', index, ...issue.path] }, line });
      },
    });
  } catch (e) {
    if (e instanceof JsonReadError)
      throw new InputError(`${e.syntax ? 'not valid JSON: ' : ''}${e.message}`, { file: path, line: e.line, column: e.column }, HINT);
    if (e instanceof InputError || e instanceof InputErrors) throw e;
    throw new InputError(`cannot read findings file: ${fileErrorCode(e)}`, { file: path });
  }
  const parsed = Report.safeParse(head);
  const issues = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => ({ issue, line: lines.get(String(issue.path[0])) }))),
    ...findingIssues,
  ];
  // A findings member that parsed is an array, so its findings were streamed (and checked) already.
  if (issues.length === 0 && parsed.success && streamed) return parsed.data;
  const rank = (i: z.core.$ZodIssue): number => {
    const k = MEMBER_ORDER.indexOf(String(i.path[0]));
    return k < 0 ? MEMBER_ORDER.length : k;
  };
  issues.sort((a, b) => rank(a.issue) - rank(b.issue));
  throw new InputErrors(
    issues
      .slice(0, MAX_ISSUES)
      .map(
        ({ issue: i, line }) =>
          new InputError(
            i.message,
            { file: path, ...(line !== undefined ? { line } : {}), path: formatPath(i.path) },
            i.path.length === 0 || i.path[0] === 'format' ? HINT : undefined,
          ),
      ),
  );
}
