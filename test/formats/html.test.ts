import { describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/report/formats/html.js';
import { htmlEscape } from '../../src/util/escape.js';
import { FORMAT_OPTIONS, loadFixture } from './fixture.js';

describe('html', () => {
  const report = loadFixture();
  const html = formatHtml(report, FORMAT_OPTIONS);

  it('is self-contained: no script, no external resource, a CSP that forbids both', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('escapes every value from the estate', () => {
    expect(htmlEscape(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    expect(html).toContain(htmlEscape('<script>alert(1)</script> Zoë'));
    expect(html).toContain('OT &amp; &quot;Remote&quot; &lt;Access&gt;');
    expect(html).not.toContain('<b>Zoë');
  });

  it('summarises by zone and by rule', () => {
    const open = report.findings.filter((f) => f.status === 'open');
    for (const zone of ['it', 'ot']) {
      const n = open.filter((f) => f.zones.includes(zone)).length;
      expect(html).toContain(`<tr><td>${zone}</td><td class="num">${n}</td></tr>`);
    }
    for (const r of report.rules) expect(html).toContain(`<td>${htmlEscape(r.ruleId)}</td>`);
  });

  it('draws each chain as a path of steps in order, the granting step marked', () => {
    const carol = report.findings.find((f) => f.subject.name === 'Carol Diaz' && f.ruleId === 'HYB-SEP-001')!;
    const ot = carol.chains.find((c) => c.zone === 'ot')!;
    const names = ot.steps.map((s) => htmlEscape(s.name));
    let at = -1;
    for (const n of names) {
      const next = html.indexOf(`${n}`, at + 1);
      expect(next).toBeGreaterThan(at);
      at = next;
    }
    expect(html).toMatch(/<span class="step grants"[^>]*><small>group · it-entra<\/small>OT-RemoteAccess-Users<small>grants ot<\/small>/);
  });
});
