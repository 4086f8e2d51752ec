import { describe, expect, it } from 'vitest';
import { formatJunit } from '../../src/report/formats/junit.js';
import { xmlEscape } from '../../src/util/escape.js';
import { FORMAT_OPTIONS, loadFixture } from './fixture.js';
import { readXml } from './xml-reader.js';

describe('junit', () => {
  const report = loadFixture();
  const doc = readXml(formatJunit(report, FORMAT_OPTIONS));
  const suites = doc.children;
  const cases = suites.flatMap((s) => s.children);
  const childNamed = (name: string) => cases.filter((c) => c.children.some((x) => x.name === name));

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xmlEscape(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(readXml(`<x a="${xmlEscape('a\nb "c" <d>')}"/>`).attrs.a).toBe('a\nb "c" <d>');
  });

  it('parses back: one suite per rule, one case per rule and subject', () => {
    expect(doc.name).toBe('testsuites');
    const ruleIds = [...new Set([...report.rules.map((r) => r.ruleId), ...report.findings.map((f) => f.ruleId)])];
    expect(suites.map((s) => s.attrs.name!.split(' ')[0])).toEqual(ruleIds);
    for (const s of suites) {
      const id = s.attrs.name!.split(' ')[0]!;
      const findings = report.findings.filter((f) => f.ruleId === id);
      const rule = report.rules.find((r) => r.ruleId === id);
      const expected = rule && (rule.status === 'not-evaluated' || rule.status === 'error') ? 1 : Math.max(1, findings.length);
      expect(s.children).toHaveLength(expected);
      expect(Number(s.attrs.tests)).toBe(s.children.length);
    }
    expect(Number(doc.attrs.tests)).toBe(cases.length);
  });

  it('open findings fail, excepted and not-evaluated are skipped, rule errors are errors', () => {
    const open = report.findings.filter((f) => f.status === 'open');
    expect(childNamed('failure')).toHaveLength(open.length);
    expect(Number(doc.attrs.failures)).toBe(open.length);
    const excepted = report.findings.filter((f) => f.status === 'excepted').length;
    const notEvaluated = report.rules.filter((r) => r.status === 'not-evaluated').length;
    expect(childNamed('skipped')).toHaveLength(excepted + notEvaluated);
    expect(Number(doc.attrs.skipped)).toBe(excepted + notEvaluated);
    expect(childNamed('error').map((c) => c.attrs.classname)).toEqual(['HYB-ERR-001']);
    expect(childNamed('error')[0]!.children[0]!.attrs.message).toBe('unexpected <input> & "state"');
    const passed = cases.filter((c) => c.attrs.classname === 'HYB-OK-001');
    expect(passed.map((c) => c.children.length)).toEqual([0]);
  });

  it('keeps hostile names and chains intact through escaping', () => {
    const hostile = cases.find((c) => c.attrs.name!.includes('Zoë'))!;
    expect(hostile.attrs.name).toBe(`person =HYPERLINK("x") <b>Zoë "Z" O'Neil</b>, & co (it, ot)`);
    const failure = hostile.children[0]!;
    expect(failure.attrs.message).toContain('<script>alert(1)</script>');
    expect(failure.text).toContain('member of group OT & "Remote" <Access> [it-ad] => ot');
  });
});
