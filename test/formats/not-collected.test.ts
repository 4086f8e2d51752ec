import { describe, expect, it } from 'vitest';
import { formatters } from '../../src/report/formats/index.js';
import { FORMAT_OPTIONS, loadFixture } from './fixture.js';

// A complete source may record something it did not collect by design (an Entra tenant declared without
// PIM for groups: `pimForGroups: { available: false, reason }`). The reason is part of the result an
// auditor reads, so every report a person reads shows it, not only the terminal table.
const REASON = 'no Entra ID P2 licence in this tenant';

function reportWithDeclaredAbsence() {
  const report = loadFixture();
  const src = report.sources.find((s) => s.complete)!;
  src.notCollected = [{ what: 'PIM for groups eligibility', reason: REASON }];
  return { report, id: src.id };
}

describe('what a complete source did not collect, and why', () => {
  for (const format of ['table', 'json', 'markdown', 'html', 'sarif'] as const) {
    it(`is shown in ${format}`, () => {
      const { report, id } = reportWithDeclaredAbsence();
      const text = formatters[format](report, FORMAT_OPTIONS);
      expect(text).toContain(REASON);
      expect(text).toContain(id);
    });
  }

  it('is not invented where a source records nothing', () => {
    const report = loadFixture();
    for (const s of report.sources) s.notCollected = [];
    for (const format of ['markdown', 'sarif'] as const)
      expect(formatters[format](report, FORMAT_OPTIONS)).not.toContain('not collected, because');
  });
});
