import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estateOf, group, person, source, user } from '../helpers/estate-builder.js';
import { records } from '../cip/cip-builder.js';
import { writeBundle } from './bundle-fixture.js';

// U+202E RIGHT-TO-LEFT OVERRIDE makes "BCS-<RLO>IMH" display as "BCS-HMI" (Trojan Source, CVE-2021-42574);
// U+0007 is a C0 control. Anyone who can create a group can write them into its name.
const RLO = '\u202e';
const NAME = `BCS-${RLO}IMH\u0007`;

const estate = () =>
  estateOf(
    source('hr', { persons: [person('P1', { name: 'Pat', employeeId: 'E1' })], source: { kind: 'csv', flavor: 'roster' } }),
    source('ot', { accounts: [user('o1', { employeeId: 'E1' })], groups: [group(NAME, ['o1'])] }),
    records('authorizations', [{ person: 'P1', entitlement: 'BCS-HMI', approver: 'Ops', date: '2026-01-10T09:00:00-06:00' }]),
  );

const filesOf = (dir: string, rel = ''): string[] =>
  readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesOf(dir, join(rel, e.name)) : [join(rel, e.name)],
  );

describe('evidence bundle names with control and bidirectional characters', () => {
  it('shows them as code points in the HTML report, the summary and every population CSV', async () => {
    const dir = await writeBundle({ estate: estate() });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('BCS-&lt;U+202E&gt;IMH&lt;U+0007&gt;');
    const csvs = filesOf(dir).filter((f) => f.startsWith('populations/'));
    expect(csvs.some((f) => readFileSync(join(dir, f), 'utf8').includes('BCS-<U+202E>IMH<U+0007>'))).toBe(true);
    // Human-facing files never carry the raw characters; the snapshot and findings.json are data and keep them.
    for (const f of ['report.html', 'summary.md', ...csvs]) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text.includes(RLO), f).toBe(false);
      expect(text.includes('\u0007'), f).toBe(false);
    }
    expect(readFileSync(join(dir, 'findings.json'), 'utf8')).toContain('\\u0007');
  });
});

describe('line breaks demarc makes itself', () => {
  // Pat holds BCS-OPS through two accounts: two chains, which the report puts one per line. A newline that
  // demarc writes is layout, not a character from a directory, and must not be shown as <U+000A>; nor the
  // final newline of a rule's YAML block scalar (the packs' rationale and remediation).
  const twoChains = () =>
    estateOf(
      source('hr', { persons: [person('P1', { name: 'Pat', employeeId: 'E1' })], source: { kind: 'csv', flavor: 'roster' } }),
      source('ot', {
        accounts: [user('o1', { employeeId: 'E1' }), user('o2', { employeeId: 'E1' })],
        groups: [group('BCS-OPS', ['o1', 'o2'])],
      }),
      records('authorizations', []),
    );

  it('shows each chain of a finding on its own line in the HTML report, with no code point for the break', async () => {
    const dir = await writeBundle({ estate: twoChains() });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain('U+000A');
    const cells = [...html.matchAll(/<td>([^<]*account o1[^<]*)<\/td>/g)].map((m) => m[1]!);
    expect(cells.some((c) => /account o1.*\n.*account o2/.test(c))).toBe(true);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).not.toContain('U+000A');
  });
});
