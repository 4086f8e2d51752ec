import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CampaignFile } from '../../src/review/campaign-file.js';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc, tempDir } from '../helpers/cli.js';

/**
 * A reviewer's HTML worksheet as they print it: Debian's chromium, headless, printed to PDF, read back
 * with poppler (as test/evidence/print-pdf.test.ts does for the evidence report). Skips without them,
 * fails under CI=true.
 */
const CHROMIUM = process.env.DEMARC_CHROMIUM ?? '/usr/bin/chromium';
const missing = [CHROMIUM, '/usr/bin/pdfinfo', '/usr/bin/pdftotext'].filter((t) => !existsSync(t));
if (missing.length && process.env.CI === 'true')
  throw new Error(`CI=true but ${missing.join(', ')} missing: install chromium and poppler-utils`);

describe.skipIf(missing.length > 0)('a review worksheet printed by headless Chromium', () => {
  const work = tempDir();
  const dir = join(work, 'campaign');
  const created = demarc([
    'review',
    'create',
    '-c',
    DEMO_CONFIG,
    '-s',
    DEMO_SNAPSHOT,
    '--campaign',
    '2026-Q4',
    '--out',
    dir,
    '--now',
    '2026-11-20T16:00:00Z',
  ]);
  const campaign = CampaignFile.parse(JSON.parse(readFileSync(join(dir, 'campaign.json'), 'utf8')));
  const erin = campaign.reviewers.find((r) => r.id === 'E1005')!;
  const pdf = join(work, 'worksheet.pdf');
  spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-pdf-header-footer',
      `--user-data-dir=${join(work, 'profile')}`,
      `--print-to-pdf=${pdf}`,
      pathToFileURL(join(dir, erin.html)).href,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );

  it('prints the reviewer, each of their lines with the chain that grants it, and the decision boxes', () => {
    expect(created.code, created.stderr).toBe(0);
    expect(existsSync(pdf)).toBe(true);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('/usr/bin/pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    // Without -layout, pdftotext gives each cell's text in reading order; a wrapped cell's line break becomes a space.
    const text = execFileSync('/usr/bin/pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Access review 2026-Q4: Erin Walsh');
    const mine = campaign.items.filter((i) => i.reviewer === 'E1005');
    expect(mine.length).toBe(4);
    for (const it of mine) {
      expect(text).toContain(it.row);
      expect(text).toContain(it.person_name);
      expect(text).toContain(it.entitlement);
    }
    // Only Erin's lines: Nora's reviewees are not on her page.
    expect(text).not.toContain('Liam Scott');
    expect(text.match(/keep ☐ revoke ☐ unsure/g)?.length).toBe(4);
  });
});
