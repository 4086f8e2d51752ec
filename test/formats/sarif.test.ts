import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { formatSarif } from '../../src/report/formats/sarif.js';
import { FORMAT_OPTIONS, HOSTILE_FP, loadFixture } from './fixture.js';

const schema = JSON.parse(readFileSync('fixtures/sarif/sarif-schema-2.1.0.json', 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule) as unknown as (
  a: Ajv,
) => void;
addFormats(ajv);
const validate = ajv.compile(schema);

type Log = {
  runs: {
    tool: { driver: { rules: { id: string; help: { text: string }; properties: { tags: string[] } }[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[];
    results: Record<string, any>[];
  }[];
};

describe('sarif', () => {
  const report = loadFixture();
  const log = JSON.parse(formatSarif(report, FORMAT_OPTIONS)) as Log;
  const run = log.runs[0]!;

  it('is valid against the official SARIF 2.1.0 schema', () => {
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validator rejects a log that breaks the schema (so the check above means something)', () => {
    const broken = structuredClone(log) as any;
    broken.runs[0].results[0].suppressions = [{ state: 'accepted', justification: 'no kind' }];
    expect(validate(broken)).toBe(false);
  });

  it('has one result per finding with its fingerprint, and rules with help text', () => {
    expect(run.results).toHaveLength(report.findings.length);
    expect(run.results.map((r) => r.partialFingerprints['demarcFinding/v1'])).toEqual(report.findings.map((f) => f.fingerprint));
    const sep = run.tool.driver.rules.find((r) => r.id === 'HYB-SEP-001')!;
    const rule = report.rules.find((r) => r.ruleId === 'HYB-SEP-001')!;
    expect(sep.help.text).toContain(rule.rationale!);
    expect(sep.help.text).toContain(rule.remediation!);
    expect(sep.properties.tags).toContain(`${rule.controls[0]!.framework} ${rule.controls[0]!.id}`);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    // Code-scanning services reject results without a file: each is anchored at its rule's pack.
    const packFile = report.run.policies.find((p) => p.pack === 'hybrid-soc')!.file;
    for (const r of run.results)
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe(packFile.startsWith('/') ? packFile.split('/').pop() : packFile);
  });

  it('records excepted findings as accepted suppressions with their justification', () => {
    const excepted = report.findings.filter((f) => f.status === 'excepted');
    expect(excepted.length).toBeGreaterThan(0);
    for (const f of excepted) {
      const r = run.results.find((x) => x.partialFingerprints['demarcFinding/v1'] === f.fingerprint)!;
      expect(r.suppressions).toEqual([
        expect.objectContaining({ kind: 'external', state: 'accepted', justification: expect.stringContaining(f.exception!.reason) }),
      ]);
    }
    expect(run.results.filter((r) => r.suppressions).length).toBe(excepted.length);
  });

  it('draws chains as code flows and says the run was incomplete', () => {
    const hostile = run.results.find((x) => x.partialFingerprints['demarcFinding/v1'] === HOSTILE_FP)!;
    expect(hostile.codeFlows[0].threadFlows[0].locations.map((l: any) => l.location.logicalLocations[0].name)).toEqual([
      '<b>Zoë</b>',
      'zoe@corp.example',
      'OT & "Remote" <Access>',
    ]);
    expect(hostile.baselineState).toBe('unchanged');
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications!.map((n) => n.message.text)).toEqual(
      expect.arrayContaining([expect.stringContaining('HYB-CIP-001 not-evaluated'), expect.stringContaining('HYB-ERR-001 error')]),
    );
  });
});
