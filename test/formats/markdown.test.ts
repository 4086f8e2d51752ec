import { describe, expect, it } from 'vitest';
import { formatMarkdown, mdText } from '../../src/report/formats/markdown.js';
import { FORMAT_OPTIONS, loadFixture } from './fixture.js';

describe('markdown', () => {
  const report = loadFixture();
  const md = formatMarkdown(report, FORMAT_OPTIONS);

  it('neutralises markup, table separators and line breaks', () => {
    expect(mdText('<b>x</b> | y\nz *w*')).toBe('&lt;b&gt;x&lt;/b&gt; \\| y z \\*w\\*');
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<b>Zoë');
  });

  it('lists every open finding in a table whose rows keep four cells', () => {
    const open = report.findings.filter((f) => f.status === 'open');
    const table = md.split('### Open findings')[1]!.split('\n\n')[1]!.split('\n');
    expect(table.slice(2)).toHaveLength(open.length);
    for (const row of table) expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
  });

  it('shows chains, exceptions, rule statuses and the incomplete warning, within a step summary size', () => {
    expect(md).toContain('member of group SOC-OnCall \\[it-entra\\] -&gt; member of group SOC-Escalation');
    const ex = report.findings.find((f) => f.status === 'excepted')!;
    expect(md).toContain(mdText(ex.exception!.reason));
    expect(md).toContain('> [!WARNING]');
    expect(md).toContain('⚠️ not-evaluated | HYB-CIP-001');
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
  });
});
