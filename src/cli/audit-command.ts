import { Command, Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { loadEstate } from '../audit/load-estate.js';
import { runAudit } from '../audit/run-audit.js';
import { exitCodeFor } from '../audit/report.js';
import { Severity } from '../model/findings.js';
import { FORMATS, type Format } from '../report/formats/index.js';
import { saveSnapshot } from './snapshot-output.js';
import { checkEvaluationClock } from './clock-check.js';
import { addCommonOptions, addIndexOption, addThreadsOption, collectContext, makeLogger, parseNow, type CommonOptions } from './context.js';
import { DEFAULT_FILE, parseFormats, writeOutputs } from './outputs.js';
import { planOutputs } from './output-targets.js';
import { resultLine } from './result-line.js';
import { addEvidenceOptions, checkEvidenceOptions, writeEvidenceIfRequested, type EvidenceOptions } from './evidence-options.js';
import { withBaseline } from '../baseline/audit-baseline.js';
import { withHistory } from '../baseline/audit-history.js';

interface AuditOptions extends CommonOptions, EvidenceOptions {
  baseline?: string;
  failOnNew?: boolean;
  config: string;
  snapshot?: string;
  format: Format[];
  output: string[];
  outputDir?: string;
  failOn?: Severity;
  saveSnapshot?: string;
}

const many = (v: string, prev: string[]): string[] => [...prev, v];

export function auditCommand(run: (code: number) => void): Command {
  const cmd = new Command('audit')
    .description('Evaluate the policy packs against a snapshot, or against a live collection of the configured sources')
    .requiredOption('-c, --config <file>', 'audit configuration (YAML)')
    .option('-s, --snapshot <file>', 'evaluate this snapshot instead of collecting')
    .addOption(
      new Option('-f, --format <formats>', `output format, or several separated by commas (${FORMATS.join(', ')})`)
        .argParser(parseFormats)
        .default(['table'], 'table'),
    )
    .option(
      '-o, --output <[format=]file>',
      'write to a file (owner-only, atomic) instead of stdout; repeat as FORMAT=FILE for several',
      many,
      [],
    )
    .option('--output-dir <dir>', 'write every --format into this directory under its usual name (findings.json, demarc.sarif, ...)')
    .addOption(new Option('--fail-on <severity>', 'lowest severity of an open finding that exits 1').choices(Severity.options))
    .option('--save-snapshot <file>', 'when collecting live, also write the snapshot')
    .option('--state-dir <dir>', 'when collecting live, keep incremental collection state (e.g. Graph delta links) here')
    .option('--baseline <dir>', 'state directory: report what is new since the previous run and keep a history (owner-only)')
    .option('--fail-on-new', 'with --baseline: exit 1 only for new open findings at or above --fail-on (3 when data is incomplete)');
  addEvidenceOptions(cmd);
  addCommonOptions(addIndexOption(addThreadsOption(cmd))).action(async (o: AuditOptions) => {
    const logger = makeLogger(o);
    const targets = planOutputs(
      { formats: o.format, formatGiven: cmd.getOptionValueSource('format') !== 'default', outputs: o.output, outputDir: o.outputDir },
      FORMATS,
      DEFAULT_FILE,
    );
    const now = parseNow(o.now);
    // The history is read before this run is stored in it: it is of earlier runs.
    const loaded = await withHistory(await loadConfig(o.config), o.baseline);
    await checkEvidenceOptions(o);
    const ctx = collectContext(o, logger, loaded.baseDir, loaded.config.timeZone, now);
    const estate = await loadEstate(loaded, o.snapshot, ctx, o.index);
    logger.clearProgress?.();
    if (o.saveSnapshot && !o.snapshot) await saveSnapshot(o.saveSnapshot, estate, logger);
    const failOn = o.failOn ?? loaded.config.failOn;
    const audit = await runAudit(loaded, estate, now);
    const late = checkEvaluationClock(o, estate, now, logger);
    if (late.length) audit.report.run.collectedAfterEvaluation = late;
    const { report, exitCode, newFindings } = await withBaseline(
      audit.report,
      { baseline: o.baseline, failOnNew: o.failOnNew, failOn },
      now,
      (level, m) => logger.log(level, m),
    );
    const written = await writeOutputs(
      report,
      targets,
      process.env,
      { isTTY: !!process.stdout.isTTY, columns: process.stdout.columns ?? 100 },
      !!o.evidence,
    );
    // The bundle holds the audit's own report: a findings file written from it is copied, not made again.
    const findingsFile = report === audit.report ? written.json : undefined;
    await writeEvidenceIfRequested(o, loaded, estate, audit, logger, process.argv, findingsFile);
    for (const s of report.sources.filter((x) => !x.complete))
      logger.log(
        'error',
        `source ${s.id} is incomplete: ${s.problems
          .filter((p) => p.level === 'incomplete')
          .map((p) => p.message)
          .join('; ')}`,
        { source: s.id },
      );
    for (const m of report.unresolvedMappings ?? [])
      logger.log('error', `mapping of ${m.source}:${m.account} to person ${m.person} not applied: ${m.reason}`);
    for (const r of report.rules.filter((x) => x.status === 'not-evaluated' || x.status === 'error'))
      logger.log('error', `rule ${r.ruleId} ${r.status}: ${r.reason}`, { rule: r.ruleId });
    const code = exitCode ?? exitCodeFor(report, failOn);
    const result = resultLine(report, failOn, code, newFindings);
    logger.log(result.level, result.message, result.data);
    run(code);
  });
  return cmd;
}
