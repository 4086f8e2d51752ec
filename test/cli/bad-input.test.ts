import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SNAPSHOT, demarc, workspace } from '../helpers/cli.js';

const baseConfig = `version: 1
zones:
  - { id: it, sources: [it] }
  - { id: ot, sources: [ot] }
policies: [integrated-soc]
populations:
  soc-staff: { department: [SOC] }
`;

/** With sources of its own, every source a zone names must be defined: these configurations define only some. */
const withSources = (sources: string): string =>
  `${baseConfig.replace('{ id: it, sources: [it] }', '{ id: it, sources: [] }').replace('{ id: ot, sources: [ot] }', '{ id: ot, sources: [] }')}sources:\n${sources}`;

/** Runs `audit` in a workspace and returns exit code and stderr. */
function auditIn(files: Record<string, string>, ...args: string[]) {
  const dir = workspace(files);
  const r = demarc(['audit', '-c', join(dir, 'demarc.yaml'), ...args], { cwd: dir });
  return { ...r, dir };
}

describe('bad input gets exit 2 and a message naming where and how to fix it', () => {
  it('malformed YAML: file, line and column', () => {
    const r = auditIn({ 'demarc.yaml': 'version: 1\nzones: [it\npolicies: x\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/demarc\.yaml:\d+:\d+: not valid YAML\/JSON/);
  });

  it('an unknown key: line, path and a hint', () => {
    const r = auditIn({ 'demarc.yaml': baseConfig.replace('policies:', 'polices: []\npolicies:') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/demarc\.yaml:5:1 at polices: Unrecognized key: "polices"/);
    expect(r.stderr).toContain('hint: remove "polices" or check its spelling');
  });

  it('a wrong type: the path inside the document', () => {
    const r = auditIn({ 'demarc.yaml': baseConfig.replace('[SOC]', 'SOC') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/demarc\.yaml:7:\d+ at populations\.soc-staff\.department: Invalid input: expected array, received string/);
  });

  it('a wrong enum value lists the allowed values', () => {
    const r = auditIn({ 'demarc.yaml': `${baseConfig}failOn: severe\n` });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at failOn');
    expect(r.stderr).toContain('hint: expected one of: "info", "low", "medium", "high", "critical"');
  });

  it('duplicate ids', () => {
    const r = auditIn({ 'demarc.yaml': baseConfig.replace('- { id: ot, sources: [ot] }', '- { id: it, sources: [ot] }') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('zone id "it" is defined twice');
  });

  it('JSON configuration is accepted and validated the same way', () => {
    const r = auditIn({ 'demarc.yaml': '{"version": 2, "zones": [], "policies": []}' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at version: Invalid input: expected 1/);
  });

  it('a snapshot of an unknown version', () => {
    const snap = readFileSync(DEMO_SNAPSHOT, 'utf8').replace('"version":1', '"version":7');
    const r = auditIn({ 'demarc.yaml': baseConfig, 'snap.jsonl': snap }, '-s', 'snap.jsonl');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('snap.jsonl:1: snapshot format version 7 is not supported (this demarc reads version 1)');
    expect(r.stderr).toContain('hint: collect again with this version');
  });

  it('a truncated snapshot', () => {
    const lines = readFileSync(DEMO_SNAPSHOT, 'utf8').split('\n');
    const r = auditIn({ 'demarc.yaml': baseConfig, 'snap.jsonl': lines.slice(0, 20).join('\n') }, '-s', 'snap.jsonl');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the snapshot ends without its end record: the file is truncated');
  });

  it('a snapshot record with a wrong field names the line and field', () => {
    const lines = readFileSync(DEMO_SNAPSHOT, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"kind":"account"'));
    lines[i] = lines[i]!.replace('"enabled":true', '"enabled":"yes"');
    const r = auditIn({ 'demarc.yaml': baseConfig, 'snap.jsonl': lines.join('\n') }, '-s', 'snap.jsonl');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`snap.jsonl:${i + 1} at enabled: invalid record`);
  });

  it('a CSV with a bad row: file, line and column', () => {
    const config = withSources('  - { id: hr, kind: csv, records: roster, file: hr.csv }\n');
    const r = auditIn({
      'demarc.yaml': config,
      'hr.csv': 'id,name,status,terminatedAt\nP1,Ann,active,\nP2,Bo,fired,\nP3,Cy,terminated,31/31/2026\n',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hr\.csv:3 at column "status": unknown status "fired"/);
    expect(r.stderr).toMatch(/hr\.csv:4 at column "terminatedAt": "31\/31\/2026" is not a date/);
  });

  it('a CSV missing a required column says which and what the header has', () => {
    const config = withSources('  - { id: hr, kind: csv, records: roster, file: hr.csv }\n');
    const r = auditIn({ 'demarc.yaml': config, 'hr.csv': 'person,name\nP1,Ann\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hr.csv:1: missing column(s): "id"');
    expect(r.stderr).toContain('hint: the header has: person, name; map columns with "columns:"');
  });

  it('a policy pack with a rule lacking controls, and an unknown rule kind', () => {
    const pack = `pack: custom\ntitle: t\ndescription: d\nrules:\n  - id: C-001\n    kind: zone-separation\n    title: A rule\n    severity: high\n    rationale: because it matters a lot\n    remediation: do the right thing here\n    controls: []\n    options: { zones: [it, ot] }\n  - id: C-002\n    kind: no-such-kind\n`;
    const dir = workspace({ 'pack.yaml': pack });
    const r = demarc(['policy', 'validate', join(dir, 'pack.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pack\.yaml:11:\d+ at rules\[0\]\.controls: name at least one control/);
    expect(r.stderr).toMatch(/pack\.yaml:14:\d+ at rules\[1\]\.kind/);
  });

  it('an unknown population referenced by a pack', () => {
    const r = auditIn({ 'demarc.yaml': baseConfig.replace('soc-staff:', 'soc-team:') }, '-s', DEMO_SNAPSHOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('population "soc-staff" is not defined');
    expect(r.stderr).toContain('hint: add populations.soc-staff to the configuration');
  });

  it('no stack trace without --verbose', () => {
    const r = auditIn({ 'demarc.yaml': 'version: [' });
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing file', () => {
    const r = demarc(['audit', '-c', '/nonexistent/demarc.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/demarc.yaml: cannot read configuration: ENOENT');
  });

  it('an unknown command line option', () => {
    const r = demarc(['audit', '-c', 'demarc.yaml', '--colour']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--colour'");
  });
});

describe('incomplete data exits 3, even without a violation', () => {
  it('a source marked incomplete', () => {
    const estate = `source:\n  collectedAt: 2026-11-25T00:00:00Z\n  complete: false\n  origin: {}\n  problems: [{ level: incomplete, code: throttled, message: "throttled out after 5 retries" }]\naccounts: []\n`;
    const config = withSources('  - { id: it, kind: normalized, file: it.yaml }\n').replace(
      '{ id: it, sources: [] }',
      '{ id: it, sources: [it] }',
    );
    const dir = workspace({ 'demarc.yaml': config, 'it.yaml': estate });
    const r = demarc(['audit', '-c', join(dir, 'demarc.yaml'), '--format', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.complete).toBe(false);
    expect(report.findings.filter((f: { status: string }) => f.status === 'open')).toEqual([]);
    expect(r.stderr).toContain('source it is incomplete: throttled out after 5 retries');
  });

  it('a rule that cannot be evaluated (no tool inventory) is never a pass', () => {
    const dir = workspace({
      'demarc.yaml': withSources('  - { id: it, kind: normalized, file: it.yaml }\n').replace(
        '{ id: it, sources: [] }',
        '{ id: it, sources: [it] }',
      ),
      'it.yaml': 'source: { collectedAt: 2026-11-25T00:00:00Z, complete: true, origin: {} }\n',
    });
    const r = demarc(['audit', '-c', join(dir, 'demarc.yaml')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/NOT-EVALUATED\s+INT-TOOL-001/);
    writeFileSync(join(dir, 'x'), '');
  });
});
