import type { Finding, Report } from '../../model/findings.js';
import { lateCollectionWarning } from '../late-collection.js';
import type { Formatter } from '../formatter.js';
import { chainText } from './chain-text.js';

/** GitHub step summaries hold at most 1 MiB: past this many findings the rest are counted, not listed. */
const MAX_LISTED = 200;

/** Text safe inside a Markdown table cell or list item: no markup, pipes or line breaks survive. */
export const mdText = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');

const ICON: Record<Finding['severity'], string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

function findingBlock(f: Finding, evaluatedAt: string): string[] {
  const isNew = f.firstSeen !== undefined && f.firstSeen === evaluatedAt;
  return [
    `<details><summary>${ICON[f.severity]} <b>${mdText(f.severity.toUpperCase())}</b> ${mdText(f.ruleId)}: ${mdText(f.message)}${isNew ? ' <b>(new)</b>' : ''}</summary>`,
    '',
    ...f.chains.map((c) => `- ${c.zone ? `**${mdText(c.zone)}**: ` : ''}${mdText(chainText(c))}`),
    `- controls: ${mdText(f.controls.map((c) => `${c.framework} ${c.id}`).join('; ') || 'none')}; fingerprint \`${f.fingerprint}\`${f.firstSeen ? `; first seen ${mdText(f.firstSeen)}` : ''}`,
    '',
    '</details>',
    '',
  ];
}

/** A report that fits a GitHub Actions step summary ($GITHUB_STEP_SUMMARY) or a pull-request comment. */
export const formatMarkdown: Formatter = (report: Report) => {
  const s = report.summary;
  const open = report.findings.filter((f) => f.status === 'open');
  const excepted = report.findings.filter((f) => f.status === 'excepted');
  const sev = Object.entries(s.bySeverity)
    .reverse()
    .filter(([, n]) => n)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const out = [
    `## demarc: ${open.length ? `${open.length} open finding${open.length === 1 ? '' : 's'}` : 'no open findings'}${report.complete ? '' : ' (INCOMPLETE)'}`,
    '',
    `Evaluated ${mdText(report.run.evaluatedAt)} on a snapshot of ${mdText(report.run.snapshotCreatedAt)}: ${s.persons} persons, ${s.accounts} accounts, ${s.groups} groups in ${report.sources.length} sources.${sev ? ` Open: ${sev}.` : ''} Excepted: ${s.excepted}.`,
    '',
  ];
  const late = lateCollectionWarning(report);
  if (late) out.push('> [!WARNING]', `> ${mdText(late)}`, '');
  if (!report.complete) {
    out.push('> [!WARNING]', '> Some data was not collected or some rules could not run: this result is **not** a clean bill of health.');
    for (const src of report.sources.filter((x) => !x.complete))
      out.push(
        `> - source ${mdText(src.id)}: ${mdText(
          src.problems
            .filter((p) => p.level === 'incomplete')
            .map((p) => p.message)
            .join('; '),
        )}`,
      );
    for (const r of report.rules.filter((x) => x.status === 'not-evaluated' || x.status === 'error'))
      out.push(`> - rule ${mdText(r.ruleId)} ${r.status}: ${mdText(r.reason ?? '')}`);
    out.push('');
  }
  // What a complete source records as not there by design (e.g. a tenant without PIM for groups) is
  // part of the result: an auditor must see what was not looked at, and why.
  const absent = report.sources.flatMap((src) =>
    src.notCollected.map((n) => `> - source ${mdText(src.id)}: ${mdText(n.what)} not collected, because ${mdText(n.reason)}`),
  );
  if (absent.length) out.push('> [!NOTE]', '> Not collected:', ...absent, '');
  if (open.length) {
    out.push('### Open findings', '', '| Severity | Rule | Subject | Zones |', '|---|---|---|---|');
    for (const f of open.slice(0, MAX_LISTED))
      out.push(`| ${ICON[f.severity]} ${f.severity} | ${mdText(f.ruleId)} | ${mdText(f.subject.name)} | ${mdText(f.zones.join(', '))} |`);
    out.push('');
    for (const f of open.slice(0, MAX_LISTED)) out.push(...findingBlock(f, report.run.evaluatedAt));
    if (open.length > MAX_LISTED) out.push(`… and ${open.length - MAX_LISTED} more open findings (see the JSON or HTML report).`, '');
  }
  if (excepted.length) {
    out.push(
      '### Excepted (kept for the record)',
      '',
      '| Rule | Subject | Exception | Reason | Approver | Ticket | Until |',
      '|---|---|---|---|---|---|---|',
    );
    for (const f of excepted.slice(0, MAX_LISTED)) {
      const e = f.exception!;
      out.push(
        `| ${mdText(f.ruleId)} | ${mdText(f.subject.name)} | ${mdText(e.id)} | ${mdText(e.reason)} | ${mdText(e.approver)} | ${mdText(e.ticket)} | ${mdText(e.expires)} |`,
      );
    }
    out.push('');
  }
  out.push('### Rules', '', '| Status | Rule | Title | Findings |', '|---|---|---|---|');
  for (const r of report.rules)
    out.push(
      `| ${r.status === 'passed' ? '✅' : r.status === 'failed' ? '❌' : '⚠️'} ${r.status} | ${mdText(r.ruleId)} | ${mdText(r.title)}${r.reason ? `: ${mdText(r.reason)}` : ''} | ${r.findings} |`,
    );
  return `${out.join('\n')}\n`;
};
