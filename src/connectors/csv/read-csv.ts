import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { InputError, InputErrors, fileErrorCode } from '../../util/errors.js';
import { sha256 } from '../../util/files.js';
import { lineColumnAt, textProblem } from '../../util/text-bytes.js';
import { SourceId } from '../source-config.js';

export interface CsvRow {
  /** 1-based line of the row in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface CsvFile {
  path: string;
  sha256: string;
  header: string[];
  rows: CsvRow[];
}

/** Reads a CSV export: UTF-8 with or without BOM, comma or semicolon (detected from the header line). */
export async function readCsv(path: string, delimiter?: ',' | ';' | '\t'): Promise<CsvFile> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new InputError(`cannot read CSV file: ${fileErrorCode(e)}`, { file: path });
  }
  // Buffer#toString would turn bytes that are not UTF-8 into U+FFFD and keep NULs: a name compared with
  // the directory's would then silently differ. RFC 4180 TEXTDATA has no NUL; RFC 3629 defines UTF-8.
  const problem = textProblem(buf, path, 'the CSV file');
  if (problem) throw problem;
  const bareCr = bareCarriageReturn(buf);
  if (bareCr >= 0) {
    const { line, column } = lineColumnAt(buf, bareCr);
    throw new InputError(
      `a bare carriage return (CR without LF) at line ${line}, column ${column}: records end in CRLF or LF (RFC 4180 section 2)`,
      { file: path, line, column },
      'the file has classic Mac OS line ends, so its rows would run together; save it with LF or CRLF line ends',
    );
  }
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = delimiter ?? (firstLine.split(';').length > firstLine.split(',').length ? ';' : ',');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: sep,
      info: true,
      relax_column_count: false,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (e) {
    const err = e as { message: string; lines?: number };
    throw new InputError(
      `not valid CSV: ${err.message.replace(/^Invalid Record Length: /, '')}`,
      { file: path, line: err.lines },
      `check quoting and the number of "${sep}"-separated fields`,
    );
  }
  const [head, ...body] = records;
  if (!head) throw new InputError('empty CSV file: a header row is expected', { file: path, line: 1 });
  const header = head.record.map((h) => h.trim());
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup) throw new InputError(`column "${dup}" appears twice in the header`, { file: path, line: head.info.lines });
  return {
    path,
    sha256: sha256(buf),
    header,
    rows: body.map((r) => ({
      line: r.info.lines,
      values: Object.fromEntries(header.map((h, i) => [h, r.record[i] ?? ''])),
    })),
  };
}

/**
 * The offset of the first CR outside a quoted field that no LF follows, or -1. Inside quotes a CR is
 * data (RFC 4180 allows CR and LF in an escaped field).
 */
function bareCarriageReturn(b: Buffer): number {
  // The common file has no CR, or only CRLF: one native search answers most.
  if (b.indexOf(0x0d) < 0) return -1;
  let quoted = false;
  for (let p = 0; p < b.length; p++) {
    const x = b[p];
    if (x === 0x22) quoted = !quoted;
    else if (x === 0x0d && !quoted && b[p + 1] !== 0x0a) return p;
  }
  return -1;
}

/**
 * Maps the file's columns to a record set's fields (`columns: { field: "Column In File" }`), checks
 * required columns exist, validates every row with zod and reports all bad rows at once.
 */
export function mapRows<S extends z.ZodType>(
  file: CsvFile,
  schema: S,
  fields: readonly string[],
  required: readonly string[],
  columns: Record<string, string> = {},
): { line: number; value: z.infer<S> }[] {
  const colOf = (f: string): string => columns[f] ?? f;
  const unknownField = Object.keys(columns).find((f) => !fields.includes(f));
  if (unknownField)
    throw new InputError(`column mapping names unknown field "${unknownField}"`, { file: file.path }, `fields are: ${fields.join(', ')}`);
  const missing = required.filter((f) => !file.header.includes(colOf(f)));
  // A column the configuration maps must be there too: an export without it would read as if every row
  // had left the field empty (a roster without e-mail addresses correlates nobody by e-mail).
  for (const f of Object.keys(columns)) if (!missing.includes(f) && !file.header.includes(colOf(f))) missing.push(f);
  if (missing.length > 0) {
    throw new InputError(
      `missing column(s): ${missing.map((f) => `"${colOf(f)}"`).join(', ')}`,
      { file: file.path, line: 1 },
      `the header has: ${file.header.join(', ')}; map columns with "columns:" in the source configuration`,
    );
  }
  const errors: InputError[] = [];
  const out: { line: number; value: z.infer<S> }[] = [];
  for (const row of file.rows) {
    const obj: Record<string, string | undefined> = {};
    for (const f of fields) {
      const v = row.values[colOf(f)];
      obj[f] = v === undefined || v === '' ? undefined : v;
    }
    // A source named in a `source` column is a source id (source-config.ts), compared without case.
    if (obj.source !== undefined && !SourceId.safeParse(obj.source.toLowerCase()).success) {
      errors.push(
        new InputError(
          `"${obj.source}" is not a source id (lower-case letters, digits, ".", "_" and "-")`,
          { file: file.path, line: row.line, path: `column "${colOf('source')}"` },
          'give the id of the source as in the configuration (e.g. ot-ad), or leave the cell empty',
        ),
      );
      continue;
    }
    const r = schema.safeParse(obj);
    if (r.success) out.push({ line: row.line, value: r.data });
    else
      for (const issue of r.error.issues) {
        const field = String(issue.path[0] ?? '');
        errors.push(
          new InputError(issue.message, { file: file.path, line: row.line, path: field ? `column "${colOf(field)}"` : undefined }),
        );
      }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return out;
}
