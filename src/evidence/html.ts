import { htmlEscape } from '../util/escape.js';
import { toText } from '../util/text.js';
import type { Finding, Report } from '../model/findings.js';
import { chainText } from '../report/formats/chain-text.js';
import { statusCounts, type RequirementSection } from './requirements.js';

/** Rows shown per population table; the CSV beside the report always holds all of them. */
const MAX_ROWS = 500;

export const esc = (s: unknown): string => htmlEscape(toText(s));

const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

const findingRows = (fs: readonly Finding[], excepted: boolean): string[][] =>
  fs.map((f) => [
    f.ruleId,
    f.severity,
    `${f.subject.type} ${f.subject.name}`,
    f.message,
    f.chains.map(chainText).join('\n'),
    ...(excepted && f.exception
      ? [
          `${f.exception.id}: ${f.exception.reason} (approved by ${f.exception.approver}, ${f.exception.ticket}, until ${f.exception.expires})`,
        ]
      : []),
  ]);

function section(s: RequirementSection): string {
  const counts = Object.entries(statusCounts(s));
  const rules = table(
    ['rule', 'title', 'result', 'findings', 'reason'],
    s.rules.map((r) => [r.ruleId, r.title, r.status, String(r.findings), r.reason ?? '']),
  );
  const pops = s.populations
    .map((p) => {
      const shown = p.rows.slice(0, MAX_ROWS).map((row) => p.columns.map((c) => row[c] ?? ''));
      const more =
        p.rows.length > MAX_ROWS
          ? `<p class="note">First ${MAX_ROWS} of ${p.rows.length} rows; all are in populations/${esc(s.slug)}.csv.</p>`
          : '';
      return `<h4>${esc(p.rule.ruleId)}: ${p.rows.length} row(s)</h4>${p.rows.length ? table(p.columns, shown) : '<p>Nothing in scope.</p>'}${more}`;
    })
    .join('');
  return `<section class="requirement">
<h2>${esc(s.framework)} ${esc(s.id)}</h2>
${rules}
<h3>Population</h3>
${s.populations.length ? pops : '<p>This requirement is evidenced by findings only (no population is reconciled).</p>'}
<h3>Reconciliation</h3>
${
  counts.length
    ? table(
        ['status', 'count'],
        counts.map(([k, v]) => [k, String(v)]),
      )
    : '<p>No rows.</p>'
}
<h3>Exceptions</h3>
${s.excepted.length ? table(['rule', 'severity', 'subject', 'finding', 'chain', 'exception'], findingRows(s.excepted, true)) : '<p>None.</p>'}
<h3>Findings</h3>
${s.findings.length ? table(['rule', 'severity', 'subject', 'finding', 'chain'], findingRows(s.findings, false)) : '<p>None open.</p>'}
</section>`;
}

const CSS = `body{font:10pt/1.35 system-ui,sans-serif;margin:2em;color:#111}
h1{font-size:16pt}h2{font-size:13pt;border-bottom:2px solid #333;padding-bottom:2px}h3{font-size:11pt;margin-bottom:4px}h4{font-size:10pt;margin:6px 0}
table{border-collapse:collapse;width:100%;margin:4px 0 10px}th,td{border:1px solid #999;padding:2px 4px;text-align:left;vertical-align:top;white-space:pre-wrap;word-break:break-word}
th{background:#eee}.note{color:#555;font-style:italic}.incomplete{color:#a00;font-weight:bold}
@media print{body{margin:0}section.requirement{break-before:page}thead{display:table-header-group}tr{break-inside:avoid}}`;

/** The evidence report: one printable section per requirement (population, reconciliation, exceptions, findings). */
export function evidenceHtml(
  report: Report,
  sections: readonly RequirementSection[],
  meta: { organization?: string; quarter: string; operator: string },
): string {
  const run = report.run;
  const sources = table(
    ['source', 'kind', 'origin', 'collected (UTC)', 'complete', 'objects'],
    report.sources.map((s) => [
      s.id,
      s.flavor ? `${s.kind} (${s.flavor})` : s.kind,
      [s.origin.endpoint, s.origin.tenantId, ...(s.origin.baseDns ?? []), s.origin.file].filter(Boolean).join(' '),
      s.collectedAt,
      s.complete ? 'yes' : 'NO',
      Object.entries(s.counts)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', '),
    ]),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>demarc evidence ${esc(run.evaluatedAt)}</title><style>${CSS}</style></head>
<body>
<h1>Access management evidence${meta.organization ? ` — ${esc(meta.organization)}` : ''}</h1>
<p>Evaluated ${esc(run.evaluatedAt)} (UTC), calendar quarter ${esc(meta.quarter)} in ${esc(run.timeZone)}, by ${esc(meta.operator)} with demarc ${esc(report.tool.version)}.
Snapshot taken ${esc(run.snapshotCreatedAt)}. ${report.complete ? 'Every source was collected completely and every rule was evaluated.' : '<span class="incomplete">INCOMPLETE: a source was not collected completely or a rule was not evaluated; this run cannot show compliance.</span>'}</p>
<p>${report.summary.open} open finding(s), ${report.summary.excepted} excepted; ${report.summary.persons} persons, ${report.summary.accounts} accounts, ${report.summary.groups} groups.</p>
<h3>Sources</h3>
${sources}
${sections.map(section).join('\n')}
</body></html>
`;
}
