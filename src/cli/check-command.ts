import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { loadEstate } from '../audit/load-estate.js';
import { checkJson, checkText } from '../check/check-output.js';
import { hasPlanFlags, planFromFlags, type PlanFlags } from '../check/plan-from-flags.js';
import { readPlan } from '../check/read-plan.js';
import { checkExitCode, runCheck } from '../check/run-check.js';
import { loadConfig } from '../config/load-config.js';
import { withHistory } from '../baseline/audit-history.js';
import { Severity } from '../model/findings.js';
import { loadPacks } from '../policy/load-packs.js';
import { checkEvaluationClock } from './clock-check.js';
import { InputError } from '../util/errors.js';
import { addCommonOptions, addIndexOption, addThreadsOption, collectContext, makeLogger, parseNow, type CommonOptions } from './context.js';
import { emit } from './output.js';
import { formatsParser, planOutputs } from './output-targets.js';
import { checkResultLine } from './result-line.js';

interface CheckOptions extends CommonOptions, PlanFlags {
  config: string;
  snapshot?: string;
  plan?: string;
  format: CheckFormat[];
  output: string[];
  outputDir?: string;
  failOn?: Severity;
}

const many = (v: string, prev: string[] = []): string[] => [...prev, v];

const CHECK_FORMATS = ['text', 'json'] as const;
type CheckFormat = (typeof CHECK_FORMATS)[number];
const CHECK_FILES: Record<CheckFormat, string> = { text: 'check.txt', json: 'check.json' };

/**
 * `demarc check`: would this change (a new analyst, memberships, roles, a tool identity) break
 * segregation? Reports only what the change introduces and resolves. Exit 1 when it introduces an
 * open finding at or above the threshold, 2 for a plan that names something unknown, 3 when data or
 * rules are missing, else 0.
 */
export function checkCommand(run: (code: number) => void): Command {
  const cmd = new Command('check')
    .description('Evaluate a proposed change before it is made: report only the findings it would introduce or resolve')
    .requiredOption('-c, --config <file>', 'audit configuration (YAML)')
    .option('-s, --snapshot <file>', 'evaluate against this snapshot instead of collecting')
    .option('-p, --plan <file>', 'the change as a plan file (YAML, JSON or CSV)')
    .option('--person <id>', 'existing person (HR roster id) the change is for')
    .option('--new-person <id>', 'a person not yet in the roster (with --name)')
    .option('--name <name>', 'display name of --new-person')
    .option('--email <address>', 'e-mail of --new-person (also a correlation key)')
    .option('--employee-id <id>', 'employee id of --new-person')
    .option('--department <name>', 'department of --new-person')
    .option('--title <title>', 'job title of --new-person')
    .option('--account <source:name>', 'new account of the person (repeatable)', many)
    .option('--member <ref>', 'account or group the membership/role flags apply to (default: the person’s account in that source)')
    .option('--add-member <group>', 'add to this group, as source:name (repeatable)', many)
    .option('--remove-member <group>', 'remove from this group (repeatable)', many)
    .option('--add-role <role>', 'assign this directory role, as source:role (repeatable)', many)
    .option('--eligible', 'role assignments are PIM-eligible rather than active')
    .option('--tool <id>', 'new tool, or new identities of an existing tool')
    .option('--tool-zone <zone>', 'zone of a new --tool')
    .option('--tool-identity <source:ref>', 'identity the tool runs as (repeatable)', many)
    .addOption(
      new Option('-f, --format <formats>', 'output format: text or json, or both separated by a comma')
        .argParser(formatsParser(CHECK_FORMATS))
        .default(['text'], 'text'),
    )
    .option(
      '-o, --output <[format=]file>',
      'write to a file (owner-only, atomic) instead of stdout; repeat as FORMAT=FILE for both',
      many,
      [],
    )
    .option('--output-dir <dir>', 'write every --format into this directory (check.txt, check.json)')
    .addOption(new Option('--fail-on <severity>', 'lowest severity of an introduced open finding that exits 1').choices(Severity.options));
  addCommonOptions(addIndexOption(addThreadsOption(cmd))).action(async (o: CheckOptions) => {
    // Wall and CPU milliseconds since the process started, at the end of each phase (for --verbose).
    const at: Record<string, [number, number]> = {};
    const mark = (phase: string): void => {
      const c = process.cpuUsage();
      at[phase] = [performance.now(), (c.user + c.system) / 1000];
    };
    mark('start');
    const logger = makeLogger(o);
    const targets = planOutputs(
      { formats: o.format, formatGiven: cmd.getOptionValueSource('format') !== 'default', outputs: o.output, outputDir: o.outputDir },
      CHECK_FORMATS,
      CHECK_FILES,
    );
    const now = parseNow(o.now);
    if (o.plan && hasPlanFlags(o)) throw new InputError('give the change as --plan or as flags, not both', { path: '--plan' });
    if (!o.plan && !hasPlanFlags(o))
      throw new InputError(
        'no change given',
        { path: '--plan' },
        'e.g. --new-person E1234 --name "Dana Smith" --account it-ad:dsmith --add-member it-ad:SOC-Tier2, or --plan plan.yaml',
      );
    const plan = o.plan ? await readPlan(resolve(o.plan)) : planFromFlags(o);
    mark('plan');
    // A plan changes no run history, but the rules read it as the audit does (history.stateDir).
    const loaded = await withHistory(await loadConfig(o.config));
    const packs = await loadPacks(loaded.config.policies, loaded.baseDir);
    mark('config');
    const estate = await loadEstate(loaded, o.snapshot, collectContext(o, logger, loaded.baseDir, loaded.config.timeZone, now), o.index);
    mark('snapshot');
    logger.clearProgress?.();
    const late = checkEvaluationClock(o, estate, now, logger);
    const result = runCheck(loaded, estate, packs, plan, now, o.plan ? resolve(o.plan) : undefined);
    const failOn = o.failOn ?? loaded.config.failOn;
    const code = checkExitCode(result, failOn);
    // Files first, stdout last: a closed pipe cannot stop a file from being written.
    for (const t of [...targets.filter((x) => x.path !== '-'), ...targets.filter((x) => x.path === '-')])
      await emit(t.format === 'json' ? checkJson(result, now, failOn, code, late) : checkText(result, failOn, code), t.path);
    mark('output');
    const ms = (a: string, b: string): string => `${(at[b]![0] - at[a]![0]).toFixed(0)}/${(at[b]![1] - at[a]![1]).toFixed(0)}`;
    logger.log(
      'debug',
      `check took ${result.timingsMs.total.toFixed(0)} ms (plan ${result.timingsMs.plan.toFixed(0)}, region ${result.timingsMs.region.toFixed(0)}, evaluate ${result.timingsMs.evaluate.toFixed(0)}); ` +
        `phases (wall/CPU ms): start to the command ${at.start![0].toFixed(0)}/${at.start![1].toFixed(0)}, plan file ${ms('start', 'plan')}, ` +
        `configuration and packs ${ms('plan', 'config')}, snapshot ${ms('config', 'snapshot')}, check and output ${ms('snapshot', 'output')}`,
    );
    const line = checkResultLine(result, failOn, code);
    logger.log(line.level, line.message, line.data);
    run(code);
  });
  return cmd;
}
