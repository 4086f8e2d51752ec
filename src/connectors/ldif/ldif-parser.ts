import { InputError } from '../../util/errors.js';
import { textProblem } from '../../util/text-bytes.js';
import { normalizeDn, parseDn } from '../../util/dn.js';
import { addValue, newRawEntry, type RawEntry } from '../ldap/normalize/raw-entry.js';
import { checkAttributeValue } from './ldif-values.js';

export type LdifItem =
  | { type: 'entry'; entry: RawEntry; line: number }
  /** `# refldap://...` comments: search references ldapsearch printed instead of entries. */
  | { type: 'reference'; url: string; line: number };

interface LogicalLine {
  text: string;
  line: number;
}

const REFERENCE_COMMENT = /^#\s*ref:?\s*(ldaps?:\/\/\S+)\s*$/i;
const CHANGE_HINT = 'export entries, not changes: `ldapsearch -LLL ...` or `ldifde -f out.ldf ...` (add records are accepted)';

/**
 * Decodes a file's bytes: UTF-8 (with or without BOM) or UTF-16LE with BOM (`ldifde -u`). UTF-8 must be
 * well formed (RFC 3629) and hold no NUL (RFC 2849: SAFE-CHAR excludes NUL; a value holding one is
 * base64); with `file`, either is an input error naming line and column instead of a silent U+FFFD.
 */
export function decodeLdifBytes(bytes: Buffer, file?: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (file !== undefined) {
    const problem = textProblem(bytes, file, 'the LDIF export');
    if (problem) throw problem;
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Unfolds continuation lines (RFC 2849 note 2: a line starting with one space continues the previous
 * one). A continuation with nothing before it to continue (the first line, or just after a blank
 * line) means the file was cut or re-wrapped: an error, not a guess.
 */
function* logicalRecords(text: string, file: string): Generator<LogicalLine[]> {
  let record: LogicalLine[] = [];
  let lineNo = 0;
  for (const raw of text.split(/\r?\n/)) {
    lineNo++;
    if (raw.startsWith(' ') && record.length > 0) {
      record[record.length - 1]!.text += raw.slice(1);
    } else if (raw.startsWith(' ') && raw.trim() !== '') {
      throw new InputError(
        'a continuation line (starting with a space) with no line before it to continue',
        { file, line: lineNo },
        'RFC 2849 folds a long line by starting the next physical line with one space; this one follows a blank line or starts the file',
      );
    } else if (raw.trim() === '') {
      if (record.length) yield record;
      record = [];
    } else {
      record.push({ text: raw, line: lineNo });
    }
  }
  if (record.length) yield record;
}

interface AttrValue {
  name: string;
  value: string | Buffer;
}

function parseAttrLine(l: LogicalLine, file: string): AttrValue {
  const colon = l.text.indexOf(':');
  if (colon <= 0) {
    throw new InputError(`not an "attribute: value" line: ${JSON.stringify(l.text.slice(0, 60))}`, { file, line: l.line });
  }
  const name = l.text.slice(0, colon);
  if (!/^[A-Za-z0-9][A-Za-z0-9;=.-]*$/.test(name)) {
    throw new InputError(`invalid attribute name ${JSON.stringify(name)}`, { file, line: l.line });
  }
  const rest = l.text.slice(colon + 1);
  if (rest.startsWith(':')) {
    const b64 = rest.slice(1).trim();
    // RFC 2849 BASE64-STRING, RFC 4648 section 4 alphabet and padding: Buffer.from would skip bad characters.
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64)) {
      throw new InputError(`the value of ${name}:: is not valid base64 (RFC 2849, RFC 4648 section 4)`, { file, line: l.line });
    }
    return { name, value: Buffer.from(b64, 'base64') };
  }
  if (rest.startsWith('<')) {
    throw new InputError(`URL values (${name}:<) are not supported`, { file, line: l.line }, 'export with values inline');
  }
  return { name, value: rest.replace(/^ +/, '') };
}

/**
 * RFC 2849 LDIF: entries (content records) and `changetype: add` records (as `ldifde` writes them).
 * Other change records (modify, delete, modrdn, moddn) are rejected: they describe edits, not a directory.
 */
export function* parseLdif(text: string, file: string): Generator<LdifItem> {
  let first = true;
  /** Line of each DN seen in this file, by canonical DN. */
  const seen = new Map<string, number>();
  for (const record of logicalRecords(text, file)) {
    const lines: LogicalLine[] = [];
    for (const l of record) {
      if (!l.text.startsWith('#')) {
        lines.push(l);
        continue;
      }
      const ref = REFERENCE_COMMENT.exec(l.text);
      if (ref) yield { type: 'reference', url: ref[1]!, line: l.line };
    }
    if (first && lines[0] && /^version:/i.test(lines[0].text)) {
      const version = String(parseAttrLine(lines[0], file).value).trim();
      if (version !== '1') {
        throw new InputError(`LDIF version ${JSON.stringify(version)} is not supported (RFC 2849 defines version 1)`, {
          file,
          line: lines[0].line,
        });
      }
      lines.shift();
    }
    first = false;
    if (lines.length === 0) continue;
    const head = parseAttrLine(lines[0]!, file);
    if (head.name.toLowerCase() !== 'dn') {
      throw new InputError(`record does not start with "dn:" (found "${head.name}:")`, { file, line: lines[0]!.line });
    }
    const dn = typeof head.value === 'string' ? head.value : head.value.toString('utf8');
    const where = { file, line: lines[0]!.line };
    const parsed = parseDn(dn);
    if (!parsed.ok) throw new InputError(`invalid DN ${JSON.stringify(dn)}: ${parsed.error}`, where, 'RFC 4514 section 3');
    const key = normalizeDn(dn);
    const before = seen.get(key);
    if (before !== undefined) throw new InputError(`duplicate DN ${JSON.stringify(dn)} (first at line ${before})`, where);
    seen.set(key, where.line);
    const entry = newRawEntry(dn);
    let i = 1;
    while (i < lines.length && /^control:/i.test(lines[i]!.text)) i++;
    if (i < lines.length && /^changetype:/i.test(lines[i]!.text)) {
      const change = String(parseAttrLine(lines[i]!, file).value).trim().toLowerCase();
      if (change !== 'add') {
        throw new InputError(
          `change record "changetype: ${change}" for ${dn} is not an entry`,
          { file, line: lines[i]!.line },
          CHANGE_HINT,
        );
      }
      i++;
    }
    for (; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.text.startsWith('-')) {
        throw new InputError(
          `unexpected "-" separator in entry ${dn} (modify records are not entries)`,
          { file, line: l.line },
          CHANGE_HINT,
        );
      }
      const { name, value } = parseAttrLine(l, file);
      checkAttributeValue(name, value, { file, line: l.line });
      addValue(entry, name, value);
    }
    yield { type: 'entry', entry, line: lines[0]!.line };
  }
}
