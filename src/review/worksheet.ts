import { visibleText } from '../report/visible-text.js';
import { csvCellValue, csvField, csvRow, htmlEscape } from '../util/escape.js';
import { WORKSHEET_COLUMNS, type CampaignFile, type CampaignItem } from './campaign-file.js';

/** The worksheet cell of a fixed column, as issued. */
export const issuedCell = (c: CampaignFile, item: CampaignItem, column: (typeof WORKSHEET_COLUMNS)[number]): string =>
  column === 'campaign' ? c.campaign : column === 'decision' || column === 'date' || column === 'comment' ? '' : item[column];

/**
 * A fixed cell's value as import reads it back: written by csvField, read by a trimming CSV reader,
 * with the formula guard undone (csvCellValue). Import compares fixed cells in this form, so `=Ops`
 * or `-Smith` round-trip whether or not the spreadsheet kept the apostrophe.
 */
export const cellReadBack = (value: string): string => {
  const f = csvField(value);
  return csvCellValue((f.startsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f).trim());
};

/** A reviewer's worksheet as CSV: one row per person and entitlement, decision columns empty. */
export function worksheetCsv(c: CampaignFile, items: readonly CampaignItem[]): string {
  return csvRow(WORKSHEET_COLUMNS) + items.map((it) => csvRow(WORKSHEET_COLUMNS.map((col) => issuedCell(c, it, col)))).join('');
}

const esc = (s: string): string => htmlEscape(visibleText(s));

const CSS = `body{font:10pt/1.35 system-ui,sans-serif;margin:2em;color:#111}
h1{font-size:15pt;margin-bottom:2px}.meta{color:#444;margin:0 0 10px}
ol.how{margin:4px 0 12px;padding-left:1.4em}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #999;padding:3px 5px;text-align:left;vertical-align:top;overflow-wrap:anywhere;hyphens:none}
th{background:#eee;overflow-wrap:normal;word-break:keep-all}
td.row,td.box{white-space:nowrap;overflow-wrap:normal;width:1%}
td.box{font-size:9pt}td.chain{font-size:8.5pt;color:#333}td.fill{width:16%}
.sign{margin-top:18px;display:flex;gap:3em}.sign span{border-top:1px solid #333;padding-top:2px;min-width:16em}
@page{size:Letter landscape;margin:12mm}
@media print{body{margin:0;font-size:9pt}thead{display:table-header-group}tr{break-inside:avoid}}`;

/**
 * The same worksheet as a printable page: for a reviewer who works on paper or wants the chains in
 * front of them. The decisions go back into the CSV (by row number); the page is not read by import.
 */
export function worksheetHtml(
  c: CampaignFile,
  reviewer: { id: string; name: string; csv: string },
  items: readonly CampaignItem[],
): string {
  const rows = items
    .map(
      (it) => `<tr><td class="row">${esc(it.row)}</td><td>${esc(it.person_name)}<br><small>${esc(it.person)}</small></td>
<td>${esc(it.entitlement)}<br><small>${esc(it.source)}</small></td><td>${esc(it.accounts)}</td><td class="chain">${esc(it.granted_by)}</td>
<td class="box">&#9744; keep<br>&#9744; revoke<br>&#9744; unsure</td><td class="fill"></td></tr>`,
    )
    .join('\n');
  const title = `Access review ${c.campaign}: ${reviewer.name}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CSS}</style></head><body>
<h1>${esc(title)}</h1>
<p class="meta">Reviewer ${esc(reviewer.name)} (${esc(reviewer.id)}) · ${items.length} entitlement(s) · created ${esc(c.createdAt)} · time zone ${esc(c.timeZone)} · worksheet file ${esc(reviewer.csv)}</p>
<ol class="how">
<li>For each line, decide whether the person still needs the access (CIP-004-7 R4.3: accounts, groups and privileges correct and necessary).</li>
<li>Write the decision (<b>keep</b>, <b>revoke</b> or <b>unsure</b>), the date (yyyy-mm-dd) and any comment in the <code>decision</code>, <code>date</code> and <code>comment</code> columns of ${esc(reviewer.csv)}, on the line with the same row number. Leave a line you have not reviewed empty; do not change other columns or add lines.</li>
</ol>
<table><thead><tr><th>row</th><th>person</th><th>entitlement</th><th>accounts</th><th>granted by</th><th>decision</th><th>comment</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<div class="sign"><span>Reviewer signature</span><span>Date</span></div>
</body></html>
`;
}
