/**
 * Screen and print styles of the evidence report. Printed or saved as PDF (Chromium): each requirement
 * starts a page, a finding (a table row) is never split across pages, table headers repeat on every page
 * (thead as table-header-group), and narrow columns (rule, severity, status, counts) never break inside a
 * word. The footer of every page comes from @page margin boxes (Chromium 131 and later), which can count
 * pages; the text is set per report with `footerCss`.
 */
export const REPORT_CSS = `body{font:10pt/1.35 system-ui,sans-serif;margin:2em;color:#111}
h1{font-size:16pt}h2{font-size:13pt;border-bottom:2px solid #333;padding-bottom:2px}h3{font-size:11pt;margin-bottom:4px}h4{font-size:10pt;margin:6px 0}
table{border-collapse:collapse;width:100%;margin:4px 0 10px}
th,td{border:1px solid #999;padding:2px 4px;text-align:left;vertical-align:top;white-space:pre-wrap;overflow-wrap:anywhere;hyphens:none}
th{background:#eee;overflow-wrap:normal;word-break:keep-all}
td.n,th.n{white-space:nowrap;overflow-wrap:normal;word-break:keep-all;width:1%}
.note{color:#555;font-style:italic}.incomplete{color:#a00;font-weight:bold}
.summary td.result-findings,.summary td.result-error,.summary td.result-not-evaluated{color:#a00;font-weight:bold}
.summary td.result-met{color:#060}
.summary td.result-nothing-in-scope{color:#850;font-weight:bold}
a{color:inherit}
@media print{
  body{margin:0;font-size:9pt}
  section.requirement,section.sources{break-before:page}
  h2,h3,h4{break-after:avoid}
  thead{display:table-header-group}
  tr{break-inside:avoid}
  a{text-decoration:none}
}`;

/** CSS string literal content: backslash and quote escaped, no line breaks. */
const cssString = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')}"`;

/** The page footer: bundle name and page on the left, the manifest digest on the right. */
export function footerCss(bundle: string, digest: string): string {
  return `@page{size:Letter;margin:14mm 12mm 16mm 12mm;
@bottom-left{content:${cssString(`demarc evidence ${bundle} · page `)} counter(page) " of " counter(pages);font:7.5pt system-ui,sans-serif;color:#333}
@bottom-right{content:${cssString(`manifest digest ${digest}`)};font:6.5pt ui-monospace,monospace;color:#333}}`;
}
