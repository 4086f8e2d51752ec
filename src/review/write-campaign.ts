import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir } from '../util/atomic-write.js';
import { InputError, fileErrorCode } from '../util/errors.js';
import { writePrivateFile } from '../util/files.js';
import { CAMPAIGN_FILE, type CampaignFile, type CampaignItem, type CampaignReviewer } from './campaign-file.js';
import { worksheetCsv, worksheetHtml } from './worksheet.js';

/** A file name from a roster id: anything outside [A-Za-z0-9._-] becomes "_", and a clash gets a number. */
function fileStems(ids: readonly string[]): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const id of ids) {
    const base = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'reviewer';
    let stem = base;
    for (let n = 2; used.has(stem.toLowerCase()); n++) stem = `${base}-${n}`;
    used.add(stem.toLowerCase());
    out.set(id, stem);
  }
  return out;
}

/** Groups the items by reviewer, in roster-id order, with their file names. */
export function campaignReviewers(campaign: string, items: readonly CampaignItem[]): CampaignReviewer[] {
  const byId = new Map<string, CampaignItem[]>();
  for (const it of items) byId.set(it.reviewer, [...(byId.get(it.reviewer) ?? []), it]);
  const ids = [...byId.keys()].sort();
  const stems = fileStems(ids);
  return ids.map((id) => ({
    id,
    name: byId.get(id)![0]!.reviewer_name,
    csv: `${campaign}-${stems.get(id)!}.csv`,
    html: `${campaign}-${stems.get(id)!}.html`,
    rows: byId.get(id)!.length,
  }));
}

/**
 * Writes the campaign into a new or empty directory (0700): per reviewer a CSV worksheet and its
 * printable HTML page, and campaign.json. Files are owner-only and written atomically: the
 * worksheets list who holds access to BES Cyber Systems (CIP-011 information).
 */
export async function writeCampaign(dir: string, c: CampaignFile): Promise<string[]> {
  let existing: string[] = [];
  try {
    existing = await readdir(dir);
  } catch (e) {
    if (fileErrorCode(e) !== 'ENOENT') throw new InputError(`cannot read the output directory: ${fileErrorCode(e)}`, { file: dir });
  }
  if (existing.length)
    throw new InputError(
      'the output directory is not empty',
      { file: dir },
      'give a new directory for each campaign (e.g. reviews/2026-Q4)',
    );
  await ensurePrivateDir(dir);
  const written: string[] = [];
  for (const r of c.reviewers) {
    const items = c.items.filter((it) => it.reviewer === r.id);
    await writePrivateFile(join(dir, r.csv), worksheetCsv(c, items));
    await writePrivateFile(join(dir, r.html), worksheetHtml(c, r, items));
    written.push(r.csv, r.html);
  }
  // Written last: a directory with campaign.json holds every worksheet it lists.
  await writePrivateFile(join(dir, CAMPAIGN_FILE), `${JSON.stringify(c, null, 2)}\n`);
  written.push(CAMPAIGN_FILE);
  return written;
}
