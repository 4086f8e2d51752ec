import { EXIT } from '../audit/report.js';
import type { CheckResult } from '../check/run-check.js';
import { severityRank, type Finding, type Report, type Severity } from '../model/findings.js';

export interface ResultLine {
  level: 'info' | 'error';
  message: string;
  data: Record<string, unknown>;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * The one line a scheduler or a CI log shows for a run, whatever was written where: why the exit code
 * is what it is. Incomplete data is an error (it shows under --quiet); findings and clean are info.
 * `newFindings` is set under --fail-on-new, where only new findings decide.
 */
export function resultLine(report: Report, failOn: Severity, exitCode: number, newFindings?: readonly Finding[]): ResultLine {
  const data = { exitCode, failOn };
  if (exitCode === EXIT.incomplete) {
    const sources = report.sources.filter((s) => !s.complete).map((s) => s.id);
    const rules = report.rules.filter((r) => r.status === 'not-evaluated' || r.status === 'error');
    const why = sources.length
      ? `${sources.length === 1 ? 'source' : 'sources'} ${sources.join(', ')} incomplete`
      : `${plural(rules.length, 'rule')} not evaluated`;
    return { level: 'error', message: `${why}: exit ${exitCode}`, data: { ...data, incompleteSources: sources } };
  }
  const min = severityRank(failOn);
  const counted = (newFindings ?? report.findings).filter((f) => f.status === 'open' && severityRank(f.severity) >= min).length;
  const what = newFindings ? 'new open finding' : 'open finding';
  const head = counted === 0 ? `no ${what}s` : plural(counted, what);
  return { level: 'info', message: `${head} at or above ${failOn}: exit ${exitCode}`, data: { ...data, count: counted } };
}

/** The same line for `demarc check`: what the change would introduce, or why it could not be judged. */
export function checkResultLine(result: CheckResult, failOn: Severity, exitCode: number): ResultLine {
  const data = { exitCode, failOn };
  if (exitCode === EXIT.incomplete) {
    const why = result.incompleteSources.length
      ? `${result.incompleteSources.length === 1 ? 'source' : 'sources'} ${result.incompleteSources.join(', ')} incomplete`
      : `${plural(result.unevaluated.length, 'rule')} not evaluated`;
    return { level: 'error', message: `${why}: exit ${exitCode}`, data: { ...data, incompleteSources: result.incompleteSources } };
  }
  const min = severityRank(failOn);
  const counted = result.introduced.filter((f) => f.status === 'open' && severityRank(f.severity) >= min).length;
  const head = counted === 0 ? 'no open findings' : plural(counted, 'open finding');
  return {
    level: 'info',
    message: `the change introduces ${head} at or above ${failOn}: exit ${exitCode}`,
    data: { ...data, count: counted },
  };
}
