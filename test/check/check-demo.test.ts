import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check-command.js';
import { runCommand } from './run-command.js';

const DEMO = ['-c', 'fixtures/demo/demarc.yaml', '-s', 'fixtures/demo/estate.snapshot.jsonl', '--now', '2026-11-25T12:00:00Z'];
const check = (...args: string[]) => runCommand(checkCommand, [...DEMO, ...args]);

describe('demarc check on the demo estate', () => {
  it('a new analyst in a group nested into OT remote access exits 1 and shows the chain', async () => {
    const r = await check('--plan', 'fixtures/plans/onboard-soc-analyst.yaml');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Would introduce \(1\):\n\s+CRITICAL HYB-SEP-001\s+Pat Rivera holds credentials in it and ot/);
    expect(r.out).toContain(
      '[ot] person Pat Rivera -> account pat.rivera@cvpower.example [it-entra] -> member of group SOC-Escalation [it-entra] -> member of group OT-RemoteAccess-Users [it-entra] => ot',
    );
    expect(r.out).toContain('FAIL: the change introduces a finding at or above high');
  });

  it('the same change given as flags, and as a CSV plan, gives the same verdict', async () => {
    const flags = await check(
      '--new-person',
      'E1020',
      '--name',
      'Pat Rivera',
      '--department',
      'Security Operations',
      '--employee-id',
      'E1020',
      '--account',
      'it-entra:pat.rivera@cvpower.example',
      '--add-member',
      'it-entra:SOC-Escalation',
      '-f',
      'json',
    );
    expect(flags.code).toBe(1);
    const doc = JSON.parse(flags.out);
    expect(doc.verdict).toBe('fail');
    expect(doc.introduced.map((f: { ruleId: string; subject: { id: string } }) => `${f.ruleId} ${f.subject.id}`)).toEqual([
      'HYB-SEP-001 E1020',
    ]);
    const csv = await check('--plan', 'fixtures/plans/onboarding.csv');
    expect(csv.code).toBe(1);
    expect(csv.out).toContain('member of group SOC-Escalation [it-entra] -> member of group OT-RemoteAccess-Users');
  });

  it('a harmless plan exits 0 and introduces nothing', async () => {
    const r = await check('--plan', 'fixtures/plans/onboard-harmless.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Would introduce no finding.');
    expect(r.out).toContain('PASS');
  });

  it('without --snapshot it evaluates a fresh collection of the configured sources', async () => {
    const r = await runCommand(checkCommand, [
      '-c',
      'fixtures/demo/demarc.yaml',
      '--now',
      '2026-11-25T12:00:00Z',
      '--plan',
      'fixtures/plans/onboard-soc-analyst.yaml',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(r.out).toContain('member of group SOC-Escalation [it-entra] -> member of group OT-RemoteAccess-Users [it-entra] => ot');
  });

  it('removing a membership reports the finding it resolves', async () => {
    const r = await check('--plan', 'fixtures/plans/offboard-oncall.yaml', '-f', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.introduced).toEqual([]);
    expect(doc.resolved.map((f: { ruleId: string; subject: { name: string } }) => `${f.ruleId} ${f.subject.name}`)).toEqual([
      'HYB-SEP-001 Carol Diaz',
    ]);
  });

  it('the plan with every kind of change is accepted', async () => {
    const r = await check('--plan', 'fixtures/plans/all-actions.yaml', '-f', 'json');
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).changes).toHaveLength(5);
  });

  it.each([
    [['--plan', 'fixtures/plans/unknown-group.yaml'], /unknown group "it-entra:SOC-Analysts-Typo"/],
    [['--person', 'E9999', '--add-member', 'it-entra:SOC-Analysts'], /unknown person "E9999"/],
    [['--person', 'E1001', '--add-member', 'it-entra:No-Such-Group'], /unknown group/],
    [['--person', 'E1001'], /the plan changes nothing/],
    [[], /no change given/],
  ])('an unresolvable plan is an input error (exit 2): %j', async (args, message) => {
    const r = await check(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('a malformed plan file names the file, line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demarc-plan-'));
    try {
      writeFileSync(join(dir, 'plan.yaml'), 'person: E1001\naddMembers:\n  - { group: "it-entra:SOC-Analysts", membr: x }\n');
      const yaml = await check('--plan', join(dir, 'plan.yaml'));
      expect(yaml.code).toBe(2);
      expect(yaml.err).toMatch(/plan\.yaml:3:\d+ at addMembers\[0\]\.membr: Unrecognized key/);
      writeFileSync(join(dir, 'plan.csv'), 'action,target\nadd-member,it-entra:SOC-Analysts\ngrant,it-entra:SOC-Analysts\n');
      const csv = await check('--plan', join(dir, 'plan.csv'));
      expect(csv.code).toBe(2);
      expect(csv.err).toMatch(/plan\.csv:3 at action: .*\n\s+hint: action is one of person, new-person/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
