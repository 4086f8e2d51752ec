import { basename } from 'node:path';
import type { AuditConfig } from '../config/audit-config.js';
import type { RuleContext } from '../engine/context.js';
import { InputError } from '../util/errors.js';
import { TOOL_VERSION } from '../version.js';
import { buildCampaign } from './build-campaign.js';
import { CampaignLabel, type CampaignFile } from './campaign-file.js';
import { campaignReviewers } from './write-campaign.js';

export interface CampaignInputs {
  campaign: string;
  configSha256: string;
  snapshot?: { file: string; sha256: string };
}

/** The campaign an estate and its configuration call for (`accessReview` in the configuration). */
export function createCampaign(ctx: RuleContext, config: AuditConfig, inputs: CampaignInputs): CampaignFile {
  const label = CampaignLabel.safeParse(inputs.campaign);
  if (!label.success) throw new InputError(`campaign "${inputs.campaign}": ${label.error.issues[0]!.message}`, { path: '--campaign' });
  if (!config.accessReview)
    throw new InputError(
      'the configuration has no accessReview section: who reviews what is not configured',
      { path: 'accessReview' },
      'add accessReview: { entitlements: cip-access, reviewers: [{ rosterColumn: manager }] } (see docs/nerc-cip.md)',
    );
  const items = buildCampaign(ctx, config.accessReview);
  return {
    format: 'demarc-review-campaign',
    version: 1,
    campaign: inputs.campaign,
    createdAt: ctx.now.toISOString(),
    timeZone: ctx.timeZone,
    tool: { name: 'demarc', version: TOOL_VERSION },
    configSha256: inputs.configSha256,
    ...(inputs.snapshot ? { snapshot: { file: basename(inputs.snapshot.file), sha256: inputs.snapshot.sha256 } } : {}),
    entitlements: config.accessReview.entitlements,
    reviewers: campaignReviewers(inputs.campaign, items),
    items,
  };
}
