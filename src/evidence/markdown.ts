import type { Report } from '../model/findings.js';
import { visibleText } from '../report/visible-text.js';
import { statusCounts, type RequirementSection } from './requirements.js';

const cell = (s: string): string => visibleText(s).replace(/\|/g, '\\|');

/** A one-page summary for the evidence request: run facts and one line per requirement. */
export function evidenceMarkdown(
  report: Report,
  sections: readonly RequirementSection[],
  meta: { quarter: string; operator: string },
): string {
  const lines = [
    '# Access management evidence',
    '',
    `- Evaluated: ${report.run.evaluatedAt} (UTC); calendar quarter ${meta.quarter} (${report.run.timeZone})`,
    `- Snapshot: ${report.run.snapshotCreatedAt}; demarc ${report.tool.version}; operator ${meta.operator}`,
    `- Complete: ${report.complete ? 'yes' : '**NO — a source was incomplete or a rule was not evaluated**'}`,
    `- Findings: ${report.summary.open} open, ${report.summary.excepted} excepted`,
    ...(report.run.collectedAfterEvaluation?.length
      ? [
          `- **Evaluated before the collection of ${report.run.collectedAfterEvaluation.map((l) => `${cell(l.source)} (${l.collectedAt})`).join(', ')}**: time-based rules may have missed what was already overdue when the data was collected`,
        ]
      : []),
    '',
    '| Requirement | Rules | Result | Population | Open | Excepted |',
    '|---|---|---|---|---|---|',
  ];
  for (const s of sections) {
    const result = s.rules.some((r) => r.status === 'error')
      ? 'error'
      : s.rules.some((r) => r.status === 'not-evaluated')
        ? 'not evaluated'
        : s.rules.some((r) => r.status === 'failed')
          ? 'findings'
          : 'passed';
    const pop = Object.entries(statusCounts(s))
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    lines.push(
      `| ${cell(`${s.framework} ${s.id}`)} | ${cell(s.rules.map((r) => r.ruleId).join(', '))} | ${result} | ${cell(pop || '-')} | ${s.findings.length} | ${s.excepted.length} |`,
    );
  }
  const notEvaluated = report.rules.filter((r) => r.status === 'not-evaluated' || r.status === 'error');
  if (notEvaluated.length) {
    lines.push('', '## Not evaluated', '');
    for (const r of notEvaluated) lines.push(`- ${r.ruleId} (${r.status}): ${visibleText(r.reason ?? '')}`);
  }
  lines.push(
    '',
    'Populations per requirement are in `populations/`, the full report in `report.html`, findings in `findings.json`.',
    'Check the bundle with `demarc verify <this directory>`.',
    '',
  );
  return lines.join('\n');
}
