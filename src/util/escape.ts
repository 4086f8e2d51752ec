/**
 * Escaping for every text format demarc writes. Names, descriptions and messages come from
 * directories, which anyone able to name an account can write to, so each output escapes them here.
 */

/**
 * Values that get a leading apostrophe: those a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * first), and those that already start with apostrophes before such a character, so that removing one
 * apostrophe (`csvCellValue`) gives back exactly the value written.
 */
const FORMULA_LIKE = /^'*[=+\-@\t\r]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). A field a
 * spreadsheet would run as a formula gets a leading apostrophe (OWASP, "CSV Injection").
 */
export function csvField(value: string): string {
  const safe = FORMULA_LIKE.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The value of a cell csvField wrote, as a CSV reader gives it back: the formula guard undone, nothing
 * else. A cell a spreadsheet saved without the apostrophe reads as the same value.
 */
export const csvCellValue = (cell: string): string => (/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** One CSV record, CRLF-terminated as RFC 4180 writes it. */
export const csvRow = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

/** Text for HTML element content and quoted attribute values. */
export const htmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Text and attribute values for XML 1.0: markup characters escaped, characters XML cannot hold removed. */
export const xmlEscape = (s: string): string =>
  s
    // eslint-disable-next-line no-control-regex -- removing the control characters XML 1.0 cannot hold is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');

/** XML element text: as `xmlEscape`, but line breaks stay (only attribute values need them encoded). */
export const xmlText = (s: string): string => xmlEscape(s).replace(/&#10;/g, '\n');
