import type { Formatter } from '../formatter.js';
import type { Finding, Report } from '../../model/findings.js';
import { lateCollectionWarning } from '../late-collection.js';
import { chainText } from './chain-text.js';

const SEV_COLOR: Record<Finding['severity'], string> = {
  critical: '\x1b[1;31m',
  high: '\x1b[31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
};

function sourcesSection(report: Report): string[] {
  const out = ['Sources:'];
  for (const s of report.sources) {
    const counts = Object.entries(s.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    out.push(`  ${s.complete ? 'complete  ' : 'INCOMPLETE'} ${s.id} (${s.kind}${s.flavor ? `, ${s.flavor}` : ''}) ${counts}`);
    for (const p of s.problems) out.push(`             ${p.level}: ${p.message}`);
    for (const n of s.notCollected) out.push(`             not collected: ${n.what}, because ${n.reason}`);
  }
  return out;
}

/** For people at a terminal: each finding with the chains that prove it, then rule statuses and a summary. */
export const formatTable: Formatter = (report, { color }) => {
  const c = (code: string, s: string): string => (color ? `${code}${s}\x1b[0m` : s);
  const out: string[] = [...sourcesSection(report), ''];
  const late = lateCollectionWarning(report);
  if (late) out.push(c('\x1b[1;33m', `WARNING: ${late}`), '');
  const open = report.findings.filter((f) => f.status === 'open');
  const excepted = report.findings.filter((f) => f.status === 'excepted');
  out.push(open.length ? `Findings (${open.length} open):` : 'No open findings.');
  for (const f of open) {
    out.push(`  ${c(SEV_COLOR[f.severity], f.severity.toUpperCase().padEnd(8))} ${f.ruleId}  ${f.message}`);
    for (const ch of f.chains) out.push(`           ${ch.zone ? `[${ch.zone}] ` : ''}${chainText(ch)}`);
  }
  if (excepted.length) {
    out.push('', `Excepted (${excepted.length}, kept for the record):`);
    for (const f of excepted)
      out.push(
        `  ${f.severity.padEnd(8)} ${f.ruleId}  ${f.message}`,
        `           exception ${f.exception!.id}: ${f.exception!.reason} (approved by ${f.exception!.approver}, ${f.exception!.ticket}, until ${f.exception!.expires})`,
      );
  }
  out.push('', 'Rules:');
  for (const r of report.rules) {
    const status =
      r.status === 'passed'
        ? c('\x1b[32m', 'passed')
        : r.status === 'failed'
          ? c('\x1b[31m', 'failed')
          : c('\x1b[1;33m', r.status.toUpperCase());
    out.push(
      `  ${status.padEnd(color ? 15 : 14)} ${r.ruleId.padEnd(14)} ${r.title}${r.findings ? ` (${r.findings})` : ''}${r.reason ? `: ${r.reason}` : ''}`,
    );
  }
  const s = report.summary;
  out.push(
    '',
    `Summary: ${s.open} open (${
      Object.entries(s.bySeverity)
        .reverse()
        .filter(([, n]) => n)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || 'none'
    }), ${s.excepted} excepted; ` + `${s.persons} persons, ${s.accounts} accounts, ${s.groups} groups in ${report.sources.length} sources.`,
  );
  if (!report.complete)
    out.push(
      c('\x1b[1;31m', 'INCOMPLETE: some data was not collected or some rules could not run; this result is not a clean bill of health.'),
    );
  return `${out.join('\n')}\n`;
};
