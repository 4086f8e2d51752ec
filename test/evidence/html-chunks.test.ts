import { describe, expect, it } from 'vitest';
import { evidenceHtml, evidenceHtmlChunks } from '../../src/evidence/html.js';
import { requirementSections } from '../../src/evidence/requirements.js';
import { estateOf, group, person, source, user } from '../helpers/estate-builder.js';
import { records } from '../cip/cip-builder.js';
import { auditWithCipConfig } from './bundle-fixture.js';

const META = { quarter: '2026-Q4', operator: 'auditor@host', bundle: 'bundle', digest: 'ab'.repeat(32) };

describe('the evidence report, made a piece at a time', () => {
  it('writes each findings table a row at a time', async () => {
    // 2,000 people with an account in a BES Cyber System group, and an authorization record for the first
    // only: one CIP-004-7 R4.1 finding for each of the others, so that requirement's findings table is long.
    const n = 2000;
    const ids = Array.from({ length: n }, (_, i) => i);
    const estate = estateOf(
      source('hr', { persons: ids.map((i) => person(`P${i}`, { employeeId: `E${i}` })), source: { kind: 'csv', flavor: 'roster' } }),
      source('ot', {
        accounts: ids.map((i) => user(`o${i}`, { employeeId: `E${i}` })),
        groups: [
          group(
            'BCS-HMI',
            ids.map((i) => `o${i}`),
          ),
        ],
      }),
      records('authorizations', [{ person: 'P0', entitlement: 'BCS-HMI', approver: 'Ops', date: '2026-01-10T09:00:00-06:00' }]),
    );
    const { audit } = await auditWithCipConfig(estate);
    const sections = requirementSections(audit.report, audit.populations);
    const r41 = sections.find((s) => s.id === 'R4.1')!;
    expect(r41.findings.length).toBe(n - 1);

    const pieces = [...evidenceHtmlChunks(audit.report, sections, META)];
    const rows = (s: string): number => s.split('<tr>').length - 1;
    // Each finding's message, once per row of a findings table (R4.1's and R4.2's, which the same rule
    // evidences): never two rows in one piece.
    const findingRows = (s: string): number => s.split('without an authorisation record').length - 1;
    expect(pieces.filter((p) => findingRows(p) > 0).length).toBe(2 * (n - 1));
    expect(Math.max(...pieces.map(findingRows))).toBe(1);
    const whole = pieces.join('');
    expect(whole).toBe(evidenceHtml(audit.report, sections, META));
    const r41Html = whole.slice(whole.indexOf('<h2>NERC CIP-004-7 R4.1</h2>'));
    const findingsTable = r41Html.slice(r41Html.indexOf('<h3>Findings</h3>'), r41Html.indexOf('</section>'));
    expect(rows(findingsTable)).toBe(n); // the head's row, and one per finding
    expect(whole.endsWith('</body></html>\n')).toBe(true);
  });
});
