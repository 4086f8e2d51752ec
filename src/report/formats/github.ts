import type { Finding, Report, Severity } from '../../model/findings.js';
import { severityRank } from '../../model/findings.js';
import type { Formatter } from '../formatter.js';
import { chainText } from './chain-text.js';
import { packUri } from './sarif.js';

/**
 * GitHub Actions workflow commands, one per line on stdout, which the runner turns into annotations
 * (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions). The escaping is
 * the runner's own (actions/toolkit packages/core/src/command.ts): in the message `%`, CR and LF; in a
 * property also `:` and `,`, which end the command and separate properties.
 */
export const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

const command = (name: string, props: Record<string, string>, message: string): string => {
  const p = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${name}${p ? ` ${p}` : ''}::${escapeData(message)}`;
};

function annotation(report: Report, f: Finding): string {
  const excepted = f.status === 'excepted' && f.exception;
  const body = [
    excepted ? `excepted by ${f.exception!.id} until ${f.exception!.expires} (${f.exception!.reason}): ${f.message}` : f.message,
    ...f.chains.map((c) => `${c.zone ? `[${c.zone}] ` : ''}${chainText(c)}`),
    `controls: ${f.controls.map((c) => `${c.framework} ${c.id}`).join('; ') || 'none'}; fingerprint ${f.fingerprint}`,
  ].join('\n');
  // A finding is about directory objects, not a line of code: it is anchored, as in SARIF, at the pack
  // that defines its rule, so the pull request that changes the pack or the estate shows it.
  return command(
    excepted ? 'notice' : COMMAND[f.severity],
    { file: packUri(report, f.pack), line: '1', title: `${f.severity} ${f.ruleId}: ${f.title}` },
    body,
  );
}

/**
 * Annotations for a pull request or a scheduled job: worst first (the runner shows a limited number
 * per step), excepted findings as notices with their exception, and what could not be checked as
 * errors, so a partial run never looks clean in the job log.
 */
export const formatGithub: Formatter = (report) => {
  const findings = [...report.findings].sort(
    (a, b) =>
      Number(a.status === 'excepted') - Number(b.status === 'excepted') ||
      severityRank(b.severity) - severityRank(a.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  const lines = [
    ...report.sources
      .filter((s) => !s.complete)
      .map((s) =>
        command(
          'error',
          { title: `source ${s.id} incomplete` },
          s.problems
            .filter((p) => p.level === 'incomplete')
            .map((p) => p.message)
            .join('\n'),
        ),
      ),
    ...report.rules
      .filter((r) => r.status === 'not-evaluated' || r.status === 'error')
      .map((r) => command('error', { title: `rule ${r.ruleId} ${r.status}` }, r.reason ?? r.status)),
    ...findings.map((f) => annotation(report, f)),
  ];
  return lines.length ? `${lines.join('\n')}\n` : '';
};
