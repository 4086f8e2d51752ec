import { describe, expect, it } from 'vitest';
import { FORMATS, formatters } from '../../src/report/formats/index.js';
import { FORMAT_OPTIONS, loadFixture } from './fixture.js';

describe('format registry', () => {
  it.each(FORMATS)('%s renders the shared fixture, deterministically', (name) => {
    const report = loadFixture();
    const a = formatters[name](report, FORMAT_OPTIONS);
    expect(a.length).toBeGreaterThan(200);
    expect(formatters[name](loadFixture(), FORMAT_OPTIONS)).toBe(a);
    expect(a).toContain('HYB-SEP-001');
  });
});
