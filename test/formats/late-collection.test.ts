import { describe, expect, it } from 'vitest';
import { formatters, type Format } from '../../src/report/formats/index.js';
import { FORMAT_OPTIONS, loadFixture } from './fixture.js';

/**
 * A run evaluated before its data was collected (`--now` earlier than a source's collection, see
 * docs/faults.md) says so in every format a person reads, not only on stderr and in the JSON.
 */
const READ_BY_PEOPLE: Format[] = ['table', 'html', 'markdown', 'sarif'];

describe('a run evaluated before the collection of its data', () => {
  const late = loadFixture();
  late.run.evaluatedAt = '2026-01-01T00:00:00.000Z';
  late.run.collectedAfterEvaluation = [{ source: 'ot-ad', collectedAt: '2026-11-20T06:10:00Z' }];
  const onTime = loadFixture();

  for (const format of READ_BY_PEOPLE) {
    it(`is warned about in ${format}`, () => {
      // Markdown escapes its punctuation (\( \)); what a reader sees is the text without the escapes.
      const raw = formatters[format](late, FORMAT_OPTIONS);
      const text = format === 'markdown' ? raw.replace(/\\(.)/g, '$1') : raw;
      expect(text).toContain('before the collection of ot-ad (2026-11-20T06:10:00Z)');
      expect(text).toContain('may have missed what was already overdue');
      expect(formatters[format](onTime, FORMAT_OPTIONS)).not.toContain('before the collection of');
    });
  }

  it('is a SARIF tool notification, so a code-scanning viewer shows it', () => {
    const log = JSON.parse(formatters.sarif(late, FORMAT_OPTIONS)) as {
      runs: { invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
    };
    const notes = log.runs[0]!.invocations[0]!.toolExecutionNotifications;
    expect(notes.filter((n) => n.message.text.includes('before the collection of ot-ad'))).toHaveLength(1);
    expect(notes.find((n) => n.message.text.includes('before the collection of'))!.level).toBe('warning');
  });
});
