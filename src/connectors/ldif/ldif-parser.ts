import { InputError } from '../../util/errors.js';
import { isDn, normalizeDn, parseDn } from '../../util/dn.js';
import { addValue, newRawEntry, type RawEntry } from '../ldap/normalize/raw-entry.js';
import { CHECKED_ATTRIBUTES, attributeBase, checkAttributeValue } from './ldif-values.js';

export type LdifItem =
  /** `repeat`: an entry an earlier file of the same export holds (overlapping exports); the earlier one counts. */
  | { type: 'entry'; entry: RawEntry; line: number; repeat?: true }
  /** `# refldap://...` comments: search references ldapsearch printed instead of entries. */
  | { type: 'reference'; url: string; line: number };

interface LogicalLine {
  text: string;
  line: number;
}

const REFERENCE_COMMENT = /^#\s*ref:?\s*(ldaps?:\/\/\S+)\s*$/i;
const CHANGE_HINT = 'export entries, not changes: `ldapsearch -LLL ...` or `ldifde -f out.ldf ...` (add records are accepted)';

interface AttrValue {
  name: string;
  value: string | Buffer;
}

const ATTRIBUTE_NAME = /^[A-Za-z0-9][A-Za-z0-9;=.-]*$/;

function parseAttrLine(l: LogicalLine, file: string, names?: Map<string, string>): AttrValue {
  const colon = l.text.indexOf(':');
  if (colon <= 0) {
    throw new InputError(`not an "attribute: value" line: ${JSON.stringify(l.text.slice(0, 60))}`, { file, line: l.line });
  }
  const name = l.text.slice(0, colon);
  // A file spells a few dozen names millions of times: check each spelling once.
  if (!names?.has(name)) {
    if (!ATTRIBUTE_NAME.test(name)) throw new InputError(`invalid attribute name ${JSON.stringify(name)}`, { file, line: l.line });
    names?.set(name, attributeBase(name));
  }
  const text = l.text;
  const after = text.charCodeAt(colon + 1);
  if (after === 0x3a) {
    const b64 = text.slice(colon + 2).trim();
    // RFC 2849 BASE64-STRING, RFC 4648 section 4 alphabet and padding: Buffer.from would skip bad characters.
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64)) {
      throw new InputError(`the value of ${name}:: is not valid base64 (RFC 2849, RFC 4648 section 4)`, { file, line: l.line });
    }
    return { name, value: Buffer.from(b64, 'base64') };
  }
  if (after === 0x3c) {
    throw new InputError(`URL values (${name}:<) are not supported`, { file, line: l.line }, 'export with values inline');
  }
  // SAFE-STRING after "attr:" and any spaces (RFC 2849 FILL).
  let k = colon + 1;
  while (text.charCodeAt(k) === 0x20) k++;
  return { name, value: text.slice(k) };
}

/**
 * RFC 2849 LDIF: entries (content records) and `changetype: add` records (as `ldifde` writes them).
 * Other change records (modify, delete, modrdn, moddn) are rejected: they describe edits, not a directory.
 * Fed a file's text in pieces of whole lines (`feed`, then `end`), it holds only the record being read.
 */
export class LdifParser {
  private first = true;
  private lineNo = 0;
  private record: LogicalLine[] = [];
  /** Attribute names as spelt in the file, each checked once, with their base (lower case, no options). */
  private readonly names = new Map<string, string>();

  /**
   * `seen`, shared by the parsers of one export's files: the line of each DN read, by canonical DN,
   * counted from the start of the first file. A DN twice in one file is an error; a DN an earlier file
   * holds is a repeat.
   */
  constructor(
    readonly file: string,
    private readonly seen = new Map<string, number>(),
    /** Lines of the files read before this one. */
    private readonly lineOffset = 0,
  ) {}

  /** Lines read so far, in this file and the ones before it. */
  get lines(): number {
    return this.lineOffset + this.lineNo;
  }

  /**
   * Unfolds continuation lines (RFC 2849 note 2: a line starting with one space continues the previous
   * one) and yields each record's items when a blank line ends it. A continuation with nothing before it
   * to continue (the first line, or just after a blank line) means the file was cut or re-wrapped: an
   * error, not a guess.
   */
  *feed(text: string): Generator<LdifItem> {
    const file = this.file;
    for (let start = 0; start < text.length;) {
      const nl = text.indexOf('\n', start);
      const stop = nl < 0 ? text.length : nl;
      const raw = text.slice(start, stop > start && text.charCodeAt(stop - 1) === 0x0d && nl >= 0 ? stop - 1 : stop);
      start = nl < 0 ? text.length : nl + 1;
      this.lineNo++;
      const record = this.record;
      if (raw.charCodeAt(0) === 0x20 && record.length > 0) {
        record[record.length - 1]!.text += raw.slice(1);
      } else if (raw.charCodeAt(0) === 0x20 && raw.trim() !== '') {
        throw new InputError(
          'a continuation line (starting with a space) with no line before it to continue',
          { file, line: this.lineNo },
          'RFC 2849 folds a long line by starting the next physical line with one space; this one follows a blank line or starts the file',
        );
      } else if (raw === '' || raw.trim() === '') {
        if (record.length) yield* this.items(record);
        this.record = [];
      } else {
        record.push({ text: raw, line: this.lineNo });
      }
    }
  }

  /** The last record, when the file does not end with a blank line. */
  *end(): Generator<LdifItem> {
    if (this.record.length) yield* this.items(this.record);
    this.record = [];
  }

  private *items(record: LogicalLine[]): Generator<LdifItem> {
    const file = this.file;
    const seen = this.seen;
    const lines: LogicalLine[] = [];
    for (const l of record) {
      if (l.text.charCodeAt(0) !== 0x23) {
        lines.push(l);
        continue;
      }
      const ref = REFERENCE_COMMENT.exec(l.text);
      if (ref) yield { type: 'reference', url: ref[1]!, line: l.line };
    }
    if (this.first && lines[0] && /^version:/i.test(lines[0].text)) {
      const version = String(parseAttrLine(lines[0], file).value).trim();
      if (version !== '1') {
        throw new InputError(`LDIF version ${JSON.stringify(version)} is not supported (RFC 2849 defines version 1)`, {
          file,
          line: lines[0].line,
        });
      }
      lines.shift();
    }
    this.first = false;
    if (lines.length === 0) return;
    const head = parseAttrLine(lines[0]!, file);
    if (head.name.toLowerCase() !== 'dn') {
      throw new InputError(`record does not start with "dn:" (found "${head.name}:")`, { file, line: lines[0]!.line });
    }
    const dn = typeof head.value === 'string' ? head.value : head.value.toString('utf8');
    const where = { file, line: lines[0]!.line };
    if (!isDn(dn)) {
      const parsed = parseDn(dn);
      if (!parsed.ok) throw new InputError(`invalid DN ${JSON.stringify(dn)}: ${parsed.error}`, where, 'RFC 4514 section 3');
    }
    const key = normalizeDn(dn);
    const before = seen.get(key);
    if (before !== undefined && before > this.lineOffset)
      throw new InputError(`duplicate DN ${JSON.stringify(dn)} (first at line ${before - this.lineOffset})`, where);
    if (before === undefined) seen.set(key, this.lineOffset + where.line);
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
      const { name, value } = parseAttrLine(l, file, this.names);
      const base = this.names.get(name)!;
      if (CHECKED_ATTRIBUTES.has(base)) checkAttributeValue(name, value, { file, line: l.line }, base);
      addValue(entry, name, value);
    }
    yield before === undefined
      ? { type: 'entry', entry, line: lines[0]!.line }
      : { type: 'entry', entry, line: lines[0]!.line, repeat: true };
  }
}

/** The items of a whole LDIF text. */
export function* parseLdif(text: string, file: string): Generator<LdifItem> {
  const parser = new LdifParser(file);
  yield* parser.feed(text);
  yield* parser.end();
}
