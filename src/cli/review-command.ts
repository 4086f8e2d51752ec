import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { loadEstate } from '../audit/load-estate.js';
import { loadConfig } from '../config/load-config.js';
import { buildContext } from '../engine/build-context.js';
import { createCampaign } from '../review/create-campaign.js';
import { importCampaign } from '../review/import-campaign.js';
import { reviewsCsv } from '../review/reviews-records.js';
import { writeCampaign } from '../review/write-campaign.js';
import { sha256File, writePrivateFile } from '../util/files.js';
import { addCommonOptions, addThreadsOption, collectContext, makeLogger, parseNow, type CommonOptions } from './context.js';
import { writeStdout } from './stdout.js';

interface CreateOptions extends CommonOptions {
  config: string;
  snapshot?: string;
  campaign: string;
  out: string;
}

/** `demarc review create|import`: access review campaigns (CIP-004-7 R4.3). */
export function reviewCommand(run: (code: number) => void): Command {
  const cmd = new Command('review').description(
    'Access review campaigns (CIP-004-7 R4.3): worksheets per reviewer, and their decisions as records',
  );
  addCommonOptions(
    addThreadsOption(cmd.command('create'))
      .description('Write one worksheet per reviewer (CSV and printable HTML) listing the in-scope entitlements they must verify')
      .requiredOption('-c, --config <file>', 'audit configuration (YAML) with an accessReview section')
      .option('-s, --snapshot <file>', 'review the estate of this snapshot instead of collecting')
      .requiredOption('--campaign <label>', 'campaign label, e.g. 2026-Q4')
      .requiredOption('--out <dir>', 'new or empty directory for the worksheets (owner-only)'),
  ).action(async (o: CreateOptions) => {
    const logger = makeLogger(o);
    const now = parseNow(o.now);
    const loaded = await loadConfig(o.config);
    const estate = await loadEstate(loaded, o.snapshot, collectContext(o, logger, loaded.baseDir, loaded.config.timeZone, now));
    logger.clearProgress?.();
    const ctx = buildContext(estate, loaded.config, now);
    const snapshot = o.snapshot ? { file: resolve(o.snapshot), sha256: await sha256File(resolve(o.snapshot)) } : undefined;
    const campaign = createCampaign(ctx, loaded.config, { campaign: o.campaign, configSha256: loaded.sha256, snapshot });
    await writeCampaign(resolve(o.out), campaign);
    const lines = campaign.reviewers.map((r) => `${r.id} (${r.name}): ${r.rows} line(s), ${join(o.out, r.csv)}, ${join(o.out, r.html)}`);
    await writeStdout(
      [`campaign ${campaign.campaign}: ${campaign.items.length} line(s) for ${campaign.reviewers.length} reviewer(s)`, ...lines, ''].join(
        '\n',
      ),
    );
    run(0);
  });
  cmd
    .command('import')
    .description('Read the completed worksheets back, strictly, and write their decisions as a reviews record file')
    .argument('<dir>', 'the campaign directory (review create --out)')
    .option('-o, --output <file>', 'the reviews record file to write (default: DIR/reviews.csv)')
    .option('--now <time>', 'the current time (ISO 8601): decisions dated after it are refused')
    .action(async (dir: string, o: { output?: string; now?: string }) => {
      const imported = await importCampaign(resolve(dir), parseNow(o.now));
      const out = resolve(o.output ?? join(dir, 'reviews.csv'));
      await writePrivateFile(out, reviewsCsv(imported));
      const count = (d: string | undefined): number => imported.decisions.filter((x) => x.decision === d).length;
      await writeStdout(
        `campaign ${imported.campaign.campaign}: ${count('keep')} keep, ${count('revoke')} revoke, ${count('unsure')} unsure, ${count(undefined)} not reviewed; written to ${out}\n` +
          `add it as a source: { id: review-${imported.campaign.campaign.toLowerCase()}, kind: csv, records: reviews, file: ${out} }\n`,
      );
      run(0);
    });
  return cmd;
}
