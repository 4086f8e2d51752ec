import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { formatOcsf } from '../../src/report/formats/ocsf.js';
import { FORMAT_OPTIONS, HOSTILE_FP, loadFixture } from './fixture.js';

/**
 * The schema is derived from ocsf/ocsf-schema at tag 1.8.0 (see its $comment and NOTICE.md) by
 * derive-schema.ts: the Compliance Finding class (events/findings/compliance_finding.json) with its
 * parents finding and base_event, the dictionary's types and enums, and every object it reaches.
 * Expected values are from that schema's enums: class_uid 2003 (category 2 Findings * 1000 + class 3),
 * type_uid = class_uid * 100 + activity_id (1 Create), severity_id 1..5 Informational..Critical,
 * finding status_id 1 New / 3 Suppressed, compliance status_id 2 Warning / 3 Fail.
 */
const schema = JSON.parse(readFileSync('test/formats/ocsf/compliance-finding-1.8.0.schema.json', 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

describe('ocsf', () => {
  const report = loadFixture();
  const text = formatOcsf(report, FORMAT_OPTIONS);
  const events = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

  it('is one JSON object per line, each valid against the OCSF 1.8.0 Compliance Finding schema', () => {
    expect(text.endsWith('\n')).toBe(true);
    for (const e of events) {
      const ok = validate(e);
      expect(ok, JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    }
  });

  it('the schema is not vacuous: it rejects an event without finding_info, with an unknown key, or of another class', () => {
    const good = events.find((e) => e.finding_info.uid === HOSTILE_FP);
    const { finding_info: _omitted, ...missing } = good;
    expect(validate(missing)).toBe(false);
    expect(validate({ ...good, findingInfo: good.finding_info })).toBe(false);
    expect(validate({ ...good, class_uid: 2001 })).toBe(false);
    expect(validate({ ...good, severity_id: 7 })).toBe(false);
  });

  it('carries each finding: fingerprint as uid, severity, status, time, controls and the subject', () => {
    const findings = events.filter((e) => e.compliance.status_id === 3);
    expect(findings).toHaveLength(report.findings.length);
    const ids: Record<string, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
    for (const f of report.findings) {
      const e = findings.find((x) => x.finding_info.uid === f.fingerprint);
      expect(e.class_uid).toBe(2003);
      expect(e.category_uid).toBe(2);
      expect(e.type_uid).toBe(200301);
      expect(e.severity_id).toBe(ids[f.severity]);
      expect(e.status_id).toBe(f.status === 'excepted' ? 3 : 1);
      expect(e.time).toBe(Date.parse(report.run.evaluatedAt));
      expect(e.metadata.product.name).toBe('demarc');
      expect(e.metadata.version).toBe('1.8.0');
      expect(e.compliance.requirements).toEqual(f.controls.map((c) => `${c.framework} ${c.id}`));
      expect(e.compliance.control).toBe(f.ruleId);
      expect(e.resources[0]).toMatchObject({ uid: f.subject.id, name: f.subject.name, type: f.subject.type });
    }
  });

  it('keeps names exactly (it is data), JSON-escaped on one line', () => {
    const e = events.find((x) => x.finding_info.uid === HOSTILE_FP);
    expect(e.message).toBe(report.findings.find((f) => f.fingerprint === HOSTILE_FP)!.message);
  });

  it('reports a rule that could not run as a check without a result (Warning), never as nothing', () => {
    const unchecked = events.filter((e) => e.compliance.status_id === 2).map((e) => e.finding_info.uid);
    expect(unchecked.sort()).toEqual(['error:HYB-ERR-001', 'not-evaluated:HYB-CIP-001']);
  });
});
