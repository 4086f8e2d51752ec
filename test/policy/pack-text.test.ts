import { describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/policy/load-packs.js';

/*
 * The packs write rationale and remediation as YAML folded block scalars (`>`), which keep a final line
 * break (YAML 1.2, 8.1.1.2 "Block Chomping Indicator": clip, the default, keeps the final line break).
 * Every human-facing output shows control characters as code points, so an untrimmed text ended in
 * "<U+000A>" in SARIF's rule help. Texts are trimmed when the pack is read.
 */
describe('pack texts', () => {
  it('carry no leading or trailing white space, for every rule of every bundled pack', async () => {
    const packs = await loadPacks(['integrated-soc', 'hybrid-soc', 'federated-soc', 'nerc-cip'], process.cwd());
    const rules = packs.flatMap((p) => p.pack.rules);
    expect(rules.length).toBeGreaterThan(20);
    for (const r of rules) for (const text of [r.title, r.rationale, r.remediation]) expect(text, `${r.id}`).toBe(text.trim());
    // The packs do use folded block scalars for these texts (the case this guards).
    expect(packs.some((p) => /\n\s+(rationale|remediation): >/.test(p.text))).toBe(true);
  });
});
