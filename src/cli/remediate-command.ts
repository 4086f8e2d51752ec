import { Command, Option } from 'commander';
import { loadEstate } from '../audit/load-estate.js';
import { EXIT } from '../audit/report.js';
import { loadConfig } from '../config/load-config.js';
import { withHistory } from '../baseline/audit-history.js';
import { loadPacks } from '../policy/load-packs.js';
import { remediationFormatters, REMEDIATION_FORMATS, type RemediationFormat } from '../remediate/format-remediation.js';
import { parseHomeZone } from '../remediate/home-zones.js';
import { remediate } from '../remediate/remediate.js';
import { addCommonOptions, addIndexOption, addThreadsOption, collectContext, makeLogger, parseNow, type CommonOptions } from './context.js';
import { emit } from './output.js';

interface RemediateOptions extends CommonOptions {
  config: string;
  snapshot?: string;
  finding?: string[];
  rule?: string[];
  format: RemediationFormat;
  output?: string;
  includeExcepted?: boolean;
  homeZone?: string[];
}

const many = (v: string, prev: string[] = []): string[] => [...prev, v];

/**
 * `demarc remediate`: the smallest set of removals that clears each selected finding, proven by the
 * what-if engine before it is printed. Read-only: the administrator's commands are text. Exit 0 when
 * every selected finding has a proven plan, 1 when some have none (shown with why), 2 for bad input,
 * 3 when a plan failed its proof or data is incomplete.
 */
export function remediateCommand(run: (code: number) => void): Command {
  const cmd = new Command('remediate')
    .description('Plan the smallest change that clears each separation, tool or trust finding, proven by the what-if check')
    .requiredOption('-c, --config <file>', 'audit configuration (YAML)')
    .option('-s, --snapshot <file>', 'plan against this snapshot instead of collecting')
    .option('--finding <fingerprint>', 'only this finding (repeatable)', many)
    .option('--rule <id>', 'only findings of this rule (repeatable)', many)
    .option('--home-zone <[population=]zone>', 'zone the persons of a population (or everyone) need and never lose (repeatable)', many)
    .option('--include-excepted', 'plan excepted findings too')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...REMEDIATION_FORMATS]).default('table'))
    .option('-o, --output <file>', 'write the output to a file (owner-only) instead of stdout');
  addCommonOptions(addIndexOption(addThreadsOption(cmd))).action(async (o: RemediateOptions) => {
    const logger = makeLogger(o);
    const now = parseNow(o.now);
    const loaded = await withHistory(await loadConfig(o.config));
    const packs = await loadPacks(loaded.config.policies, loaded.baseDir);
    const estate = await loadEstate(loaded, o.snapshot, collectContext(o, logger, loaded.baseDir, loaded.config.timeZone, now), o.index);
    const result = remediate(loaded, estate, packs, {
      now,
      fingerprints: o.finding ?? [],
      rules: o.rule ?? [],
      includeExcepted: !!o.includeExcepted,
      homeZones: (o.homeZone ?? []).map(parseHomeZone),
    });
    await emit(remediationFormatters[o.format](result.report), o.output);
    if (result.failed)
      logger.log('error', `${result.failed} plan(s) failed the what-if proof and are not shown as fixes: this is a fault in demarc`);
    if (result.incompleteSources.length)
      logger.log('warn', `incomplete sources: ${result.incompleteSources.join(', ')}: plans may miss paths`);
    const unplanned = result.report.remediations.some((r) => r.status !== 'planned');
    run(result.failed || result.incompleteSources.length ? EXIT.incomplete : unplanned ? EXIT.findings : EXIT.clean);
  });
  return cmd;
}
