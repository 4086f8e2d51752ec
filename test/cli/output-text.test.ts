import { describe, expect, it } from 'vitest';
import { DATA_FORMATS, formatters, FORMATS } from '../../src/report/formats/index.js';
import { visibleText } from '../../src/report/visible-text.js';
import { FORMAT_OPTIONS, loadFixture } from '../formats/fixture.js';

/*
 * Characters a directory name may hold that a reader must see rather than have obeyed:
 * - U+202E RIGHT-TO-LEFT OVERRIDE and the other explicit directional formatting characters
 *   (LRE U+202A, RLE U+202B, PDF U+202C, LRO U+202D, LRI U+2066, RLI U+2067, FSI U+2068, PDI U+2069) and
 *   the implicit marks LRM U+200E, RLM U+200F, ALM U+061C: Unicode Standard Annex #9, sections 2.1-2.6
 *   (https://www.unicode.org/reports/tr9/#Directional_Formatting_Characters); UTR #36 says overrides are a
 *   security concern; the "Trojan Source" attack (CVE-2021-42574) uses exactly these.
 * - C0 controls U+0000-U+001F, DEL U+007F, C1 controls U+0080-U+009F: general category Cc
 *   (https://www.unicode.org/reports/tr44/#General_Category_Values). ESC (U+001B) starts an ANSI/ECMA-48
 *   control sequence that recolours or rewrites a terminal; CSI U+009B is its one-byte C1 form.
 * - XML 1.0 section 2.2 (https://www.w3.org/TR/xml/#charsets) forbids most C0 controls in a document
 *   outright, so a raw one would make the JUnit report unreadable.
 */
const HOSTILE: Record<string, string> = {
  RLO: '\u202e',
  LRO: '\u202d',
  RLE: '\u202b',
  LRI: '\u2066',
  FSI: '\u2068',
  PDI: '\u2069',
  RLM: '\u200f',
  ALM: '\u061c',
  ESC: '\u001b',
  NUL: '\u0000',
  BEL: '\u0007',
  DEL: '\u007f',
  CSI: '\u009b',
  NEL: '\u0085',
};
const code = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The fixture report with every hostile character in a subject name, a message and a chain step. */
function hostileReport() {
  const report = loadFixture();
  const f = report.findings[0]!;
  const all = Object.values(HOSTILE).join('x');
  f.subject.name = `invoice${HOSTILE.RLO}fdp.exe ${all}`;
  f.message = `${f.message} ${HOSTILE.ESC}[2J${HOSTILE.ESC}]0;pwned${HOSTILE.BEL} ${all}`;
  f.chains[0]!.steps[0]!.name = `admin${HOSTILE.LRI}${HOSTILE.RLO}nimda${HOSTILE.PDI} ${all}`;
  return report;
}

describe('control and bidirectional characters in names are shown, not obeyed', () => {
  it('the helper shows each as <U+XXXX> and leaves other text alone', () => {
    for (const c of Object.values(HOSTILE)) expect(visibleText(`a${c}b`)).toBe(`a<${code(c)}>b`);
    // Letters of right-to-left scripts are text, not controls: Hebrew and Arabic names stay as written.
    expect(visibleText('שלום مرحبا Zoë 名前')).toBe('שלום مرحبا Zoë 名前');
  });

  const readable = FORMATS.filter((f) => !DATA_FORMATS.includes(f));
  it.each(readable)('%s: no raw control or bidi character from a name reaches the output', (format) => {
    const out = formatters[format](hostileReport(), FORMAT_OPTIONS);
    for (const [name, c] of Object.entries(HOSTILE)) expect(out.includes(c), `${format} keeps a raw ${name}`).toBe(false);
    // Shown where the name was: HTML and Markdown escape the marker's own brackets (Markdown its "+" too).
    expect(out).toMatch(/(<|&lt;)U\\?\+202E(>|&gt;)/);
    expect(out).toMatch(/(<|&lt;)U\\?\+001B(>|&gt;)/);
  });

  it('table: the marker stands where the character was, so the name reads in its stored order', () => {
    const out = formatters.table(hostileReport(), FORMAT_OPTIONS);
    expect(out).toContain('admin<U+2066><U+202E>nimda<U+2069>');
  });

  it('csv and sarif: still parse, with the marker inside the field', () => {
    const csv = formatters.csv(hostileReport(), FORMAT_OPTIONS);
    expect(csv).toContain('invoice<U+202E>fdp.exe');
    const sarif = JSON.parse(formatters.sarif(hostileReport(), FORMAT_OPTIONS)) as { runs: { results: { message: { text: string } }[] }[] };
    expect(sarif.runs[0]!.results.some((r) => r.message.text.includes('<U+001B>[2J'))).toBe(true);
  });

  it('json is data and keeps the characters exactly (consumers escape for their own display)', () => {
    const out = JSON.parse(formatters.json(hostileReport(), FORMAT_OPTIONS)) as { findings: { subject: { name: string } }[] };
    expect(out.findings[0]!.subject.name).toContain(HOSTILE.RLO);
  });
});
