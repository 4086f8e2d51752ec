import { z } from 'zod';

/** One line of a worksheet: a person's in-scope entitlement, the accounts holding it, and its reviewer. */
export const CampaignItem = z
  .object({
    row: z.string().regex(/^R\d{4,}$/),
    person: z.string().min(1),
    person_name: z.string(),
    source: z.string().min(1),
    entitlement: z.string().min(1),
    /** How the reviews record names the entitlement: its name, or its id when the name is not unique in its source. */
    entitlementRef: z.string().min(1),
    accounts: z.string(),
    granted_by: z.string(),
    reviewer: z.string().min(1),
    reviewer_name: z.string(),
    /** Which reviewer rule of the configuration chose the reviewer (accessReview.reviewers[n]). */
    assignedBy: z.string(),
  })
  .strict();
export type CampaignItem = z.infer<typeof CampaignItem>;

export const CampaignReviewer = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    csv: z.string().min(1),
    html: z.string().min(1),
    rows: z.number().int().nonnegative(),
  })
  .strict();
export type CampaignReviewer = z.infer<typeof CampaignReviewer>;

/**
 * `campaign.json`: what was issued, kept beside the worksheets. Import holds every completed worksheet
 * to it, so a row added, repeated, moved to another worksheet or changed outside its decision columns
 * is refused rather than read as a decision nobody was asked to take.
 */
export const CampaignFile = z
  .object({
    format: z.literal('demarc-review-campaign'),
    version: z.literal(1),
    campaign: z.string().min(1),
    createdAt: z.string(),
    timeZone: z.string(),
    tool: z.object({ name: z.literal('demarc'), version: z.string() }).strict(),
    configSha256: z.string(),
    snapshot: z.object({ file: z.string(), sha256: z.string() }).strict().optional(),
    entitlements: z.string(),
    reviewers: z.array(CampaignReviewer),
    items: z.array(CampaignItem),
  })
  .strict();
export type CampaignFile = z.infer<typeof CampaignFile>;

export const CAMPAIGN_FILE = 'campaign.json';

/** The worksheet's columns. Those a reviewer fills are last; every other column is fixed at creation. */
export const FIXED_COLUMNS = [
  'row',
  'campaign',
  'reviewer',
  'reviewer_name',
  'person',
  'person_name',
  'source',
  'entitlement',
  'accounts',
  'granted_by',
] as const;
export const DECISION_COLUMNS = ['decision', 'date', 'comment'] as const;
export const WORKSHEET_COLUMNS = [...FIXED_COLUMNS, ...DECISION_COLUMNS] as const;

/** A campaign label names files and records: letters, digits, `.`, `_`, `-` (e.g. 2026-Q4). */
export const CampaignLabel = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" and "-" (e.g. 2026-Q4)');
