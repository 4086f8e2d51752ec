import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Manifest } from '../../src/evidence/manifest.js';
import { writeBundle } from './bundle-fixture.js';

/**
 * The report as an auditor prints it: Debian's chromium, headless, printed to PDF (the same engine as
 * "Save as PDF"), read back with poppler's pdfinfo and pdftotext. Skips without chromium or poppler,
 * fails under CI=true.
 */
const CHROMIUM = process.env.DEMARC_CHROMIUM ?? '/usr/bin/chromium';
const tools = [CHROMIUM, '/usr/bin/pdfinfo', '/usr/bin/pdftotext'];
const missing = tools.filter((t) => !existsSync(t));
if (missing.length && process.env.CI === 'true')
  throw new Error(`CI=true but ${missing.join(', ')} missing: install chromium and poppler-utils`);
if (missing.length) console.warn(`skipping the print test: ${missing.join(', ')} not installed`);

const out = mkdtempSync(join(tmpdir(), 'demarc-print-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Prints an HTML file to PDF as documented in docs/nerc-cip.md (section "Printing the report"). */
export function printToPdf(html: string, pdf: string): void {
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-pdf-header-footer',
      `--user-data-dir=${join(out, 'profile')}`,
      `--print-to-pdf=${pdf}`,
      pathToFileURL(html).href,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (!existsSync(pdf)) throw new Error(`chromium wrote no PDF (exit ${r.status}): ${r.stderr}`);
}

describe.skipIf(missing.length > 0)('the evidence report printed by headless Chromium', () => {
  // Printed in beforeAll, not while the suite is collected: a skipped suite is still collected.
  let dir = '';
  let manifest: Manifest;
  let pages = 0;
  let perPage: string[] = [];
  beforeAll(async () => {
    dir = await writeBundle();
    manifest = Manifest.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    const pdf = join(out, 'report.pdf');
    printToPdf(join(dir, 'report.html'), pdf);
    pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('/usr/bin/pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    perPage = text.split('\f').filter((p) => p.trim());
  }, 300_000);

  it('runs to several pages, with the summary on the first', () => {
    expect(pages).toBeGreaterThan(1);
    expect(perPage[0]).toContain('Summary by requirement');
  });

  it('contains the heading of every requirement, NERC CIP in standard order before the other frameworks', () => {
    const headings = [...new Set(manifest.files.filter((f) => f.path.startsWith('populations/')).map((f) => f.path))];
    expect(headings.length).toBeGreaterThan(5);
    const expected = [
      'NERC CIP-004-7 R2.2',
      'NERC CIP-004-7 R2.3',
      'NERC CIP-004-7 R3.5',
      'NERC CIP-004-7 R4.1',
      'NERC CIP-004-7 R4.2',
      'NERC CIP-004-7 R4.3',
      'NERC CIP-004-7 R5.1',
      'NERC CIP-004-7 R5.2',
      'NERC CIP-004-7 R5.3',
      'NERC CIP-004-7 R5.4',
      'NERC CIP-007-6 R5.2',
      'NERC CIP-007-6 R5.3',
      'NERC CIP-007-6 R5.5',
      'NERC CIP-007-6 R5.6',
      'NERC CIP-007-6 R5.7',
      'NIST SP 800-53 Rev. 5 IA-2(5)',
    ];
    // Each section starts a page with its heading: the page order is the report order.
    const firsts = perPage.map((p) => p.trim().split('\n')[0]!.trim());
    expect(firsts.filter((l) => expected.includes(l))).toEqual(expected);
  });

  it('names the bundle, the page and the manifest digest in the footer of every page', () => {
    const bundle = dir.split('/').pop()!;
    expect(manifest.reportDigest).toMatch(/^[0-9a-f]{64}$/);
    perPage.forEach((p, k) => {
      expect(p.replace(/\s+/g, ' ')).toContain(`demarc evidence ${bundle} · page ${k + 1} of ${pages}`);
      expect(p.replace(/\s+/g, '')).toContain(manifest.reportDigest!);
    });
  });
});
