import { htmlEscape } from '../util/escape.js';
import { visibleText } from '../report/visible-text.js';
import { toText } from '../util/text.js';
import type { Finding, Report } from '../model/findings.js';
import { chainText } from '../report/formats/chain-text.js';
import { joinChunks } from '../report/json-chunks.js';
import { footerCss, REPORT_CSS } from './print-css.js';
import { populationSize, requirementResult, statusCounts, type RequirementSection } from './requirements.js';

/** Rows shown per population table; the CSV beside the report always holds all of them. */
const MAX_ROWS = 500;

// Names come from directories: control and bidirectional characters are shown as code points, as in every report.
export const esc = (s: unknown): string => htmlEscape(visibleText(toText(s)));

/** Columns whose values are short tokens: kept on one line, never broken inside a word. */
const NARROW = new Set([
  'rule',
  'severity',
  'result',
  'findings',
  'count',
  'status',
  'exceptions',
  'population',
  'enabled',
  'type',
  'complete',
]);

/** A cell is text, or lines of text (each made visible on its own, then shown one per line). */
type Cell = string | readonly string[];
const cell = (c: Cell): string => (typeof c === 'string' ? esc(c) : c.map(esc).join('\n'));

/** A table, a row at a time: a findings table of 100,000 rows is written without being one string. */
function* tableChunks(head: readonly string[], rows: Iterable<readonly Cell[]>, cls = ''): Generator<string> {
  const n = head.map((h) => (NARROW.has(h) ? ' class="n"' : ''));
  yield `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h, k) => `<th${n[k]}>${esc(h)}</th>`).join('')}</tr></thead><tbody>`;
  for (const r of rows) yield `<tr>${r.map((c, k) => `<td${n[k] ?? ''}>${cell(c)}</td>`).join('')}</tr>`;
  yield '</tbody></table>';
}

const table = (head: readonly string[], rows: readonly (readonly Cell[])[], cls = ''): string => joinChunks(tableChunks(head, rows, cls));

function* findingRows(fs: readonly Finding[], excepted: boolean): Generator<Cell[]> {
  for (const f of fs)
    yield [
      f.ruleId,
      f.severity,
      `${f.subject.type} ${f.subject.name}`,
      f.message,
      // One line per chain: a newline inside the text would be shown as a control character.
      f.chains.map(chainText),
      ...(excepted && f.exception
        ? [
            `${f.exception.id}: ${f.exception.reason} (approved by ${f.exception.approver}, ${f.exception.ticket}, until ${f.exception.expires})`,
          ]
        : []),
    ];
}

const anchor = (s: RequirementSection): string => `req-${s.slug}`;

function* section(s: RequirementSection): Generator<string> {
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
  yield `<section class="requirement"><a id="${esc(anchor(s))}"></a>
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
`;
  if (s.excepted.length)
    yield* tableChunks(['rule', 'severity', 'subject', 'finding', 'chain', 'exception'], findingRows(s.excepted, true));
  else yield '<p>None.</p>';
  yield '\n<h3>Findings</h3>\n';
  if (s.findings.length) yield* tableChunks(['rule', 'severity', 'subject', 'finding', 'chain'], findingRows(s.findings, false));
  else yield '<p>None open.</p>';
  yield '\n</section>';
}

/** The first page: one line per requirement, in the order of the report, each linking to its section. */
function summary(sections: readonly RequirementSection[]): string {
  const rows = sections
    .map((s) => {
      const result = requirementResult(s);
      return `<tr><td><a href="#${esc(anchor(s))}">${esc(s.framework)} ${esc(s.id)}</a></td><td class="n result-${result.replaceAll(' ', '-')}">${esc(result)}</td><td class="n">${populationSize(s)}</td><td class="n">${s.findings.length}</td><td class="n">${s.excepted.length}</td><td>${esc(s.rules.map((r) => r.ruleId).join(', '))}</td></tr>`;
    })
    .join('');
  return `<section class="summary">
<h2>Summary by requirement</h2>
<table class="summary"><thead><tr><th>requirement</th><th class="n">result</th><th class="n">population</th><th class="n">findings</th><th class="n">exceptions</th><th>rules</th></tr></thead><tbody>${rows}</tbody></table>
<p class="note">Population: the persons, accounts, groups or records each requirement's rules examined (populations/ holds them as CSV). Findings are open; exceptions are findings covered by an approved exception. A requirement whose rule could not be evaluated is "not evaluated", never met; one whose rules examined an empty population is "nothing in scope", never met: check that its scope selects the people it should.</p>
</section>`;
}

/**
 * The evidence report: a summary page, then one printable section per requirement (NERC CIP first, in
 * standard order), then the sources. `bundle` and `digest` name the bundle and its manifest digest in
 * every printed page's footer (see ./manifest-digest.ts for why it is a digest of the manifest's other files).
 * Made a piece at a time: with 100,000 findings the report is 200 MB, near V8's longest string.
 */
export function* evidenceHtmlChunks(report: Report, sections: readonly RequirementSection[], meta: EvidenceHtmlMeta): Generator<string> {
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
  const footer = meta.digest ? footerCss(meta.bundle ?? '', meta.digest) : '';
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>demarc evidence ${esc(meta.bundle ?? run.evaluatedAt)}</title><style>${REPORT_CSS}
${footer}</style></head>
<body>
<h1>Access management evidence${meta.organization ? ` — ${esc(meta.organization)}` : ''}</h1>
<p>Evaluated ${esc(run.evaluatedAt)} (UTC), calendar quarter ${esc(meta.quarter)} in ${esc(run.timeZone)}, by ${esc(meta.operator)} with demarc ${esc(report.tool.version)}.
Snapshot taken ${esc(run.snapshotCreatedAt)}. ${report.complete ? 'Every source was collected completely and every rule was evaluated.' : '<span class="incomplete">INCOMPLETE: a source was not collected completely or a rule was not evaluated; this run cannot show compliance.</span>'}</p>
<p>${report.summary.open} open finding(s), ${report.summary.excepted} excepted; ${report.summary.persons} persons, ${report.summary.accounts} accounts, ${report.summary.groups} groups.</p>
${meta.digest ? `<p class="note">Bundle ${esc(meta.bundle ?? '')}; manifest digest ${esc(meta.digest)} (SHA-256 over the manifest's list of the other files: <code>demarc verify</code> recomputes it).</p>` : ''}
${summary(sections)}
`;
  for (let i = 0; i < sections.length; i++) {
    if (i > 0) yield '\n';
    yield* section(sections[i]!);
  }
  yield `
<section class="sources">
<h2>Sources</h2>
${sources}
</section>
</body></html>
`;
}

export interface EvidenceHtmlMeta {
  organization?: string;
  quarter: string;
  operator: string;
  bundle?: string;
  digest?: string;
}

/** The evidence report as one string (small bundles and tests). */
export const evidenceHtml = (report: Report, sections: readonly RequirementSection[], meta: EvidenceHtmlMeta): string =>
  joinChunks(evidenceHtmlChunks(report, sections, meta));
