import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Report } from '../../src/model/findings.js';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc, tempDir } from '../helpers/cli.js';

const audit = (extra: string[], opts: { env?: Record<string, string>; snapshot?: string } = {}) =>
  demarc(['audit', '-c', DEMO_CONFIG, '-s', opts.snapshot ?? DEMO_SNAPSHOT, '--now', '2026-11-25T12:00:00Z', ...extra], opts);

const mode = (p: string): number => statSync(p).mode & 0o777;
const lastLine = (s: string): string => s.trimEnd().split('\n').at(-1)!;
/** Open findings at or above the demo's failOn (high), counted from the JSON the same run wrote. */
const atOrAboveHigh = (r: Report): number =>
  r.findings.filter((f) => f.status === 'open' && ['high', 'critical'].includes(f.severity)).length;

describe('several outputs from one run', () => {
  const dir = tempDir();
  const r = audit([
    '--output',
    `json=${join(dir, 'findings.json')}`,
    '--output',
    `sarif=${join(dir, 'demarc.sarif')}`,
    '--output',
    `html=${join(dir, 'report.html')}`,
  ]);

  it('writes each file, owner-only, with nothing left behind and nothing on stdout', () => {
    expect(r.code, r.stderr).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['demarc.sarif', 'findings.json', 'report.html']);
    for (const f of readdirSync(dir)) expect(mode(join(dir, f)), f).toBe(0o600);
    expect(r.stdout).toBe('');
  });

  it('renders one evaluation: the SARIF results are the JSON findings, fingerprint for fingerprint', () => {
    const report = Report.parse(JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')));
    const sarif = JSON.parse(readFileSync(join(dir, 'demarc.sarif'), 'utf8'));
    const fps = sarif.runs[0].results.map((x: any) => x.partialFingerprints['demarcFinding/v1']).sort();
    expect(fps).toEqual(report.findings.map((f) => f.fingerprint).sort());
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(report.findings[0]!.fingerprint);
  });

  it('ends stderr with the one-line result, counted from the findings', () => {
    const report = Report.parse(JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')));
    expect(lastLine(r.stderr)).toBe(`demarc: ${atOrAboveHigh(report)} open findings at or above high: exit 1`);
  });

  it('--format a,b,c with --output-dir writes each under its usual name', () => {
    const out = join(tempDir(), 'out');
    const x = audit(['--format', 'json,ocsf,bloodhound,junit', '--output-dir', out]);
    expect(x.code, x.stderr).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['bloodhound-opengraph.json', 'findings.json', 'findings.ocsf.jsonl', 'junit.xml']);
    expect(mode(out)).toBe(0o700);
    const report = Report.parse(JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')));
    const ocsf = readFileSync(join(out, 'findings.ocsf.jsonl'), 'utf8').trimEnd().split('\n');
    // One event per finding plus one per rule that could not run (none in the complete demo).
    expect(ocsf).toHaveLength(report.findings.length);
  });

  it('keeps --format X --output FILE, and the table on stdout by default', () => {
    const file = join(tempDir(), 'f.sarif');
    const x = audit(['--format', 'sarif', '--output', file]);
    expect(x.code).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe('2.1.0');
    const table = audit([]);
    expect(table.stdout).toContain('HYB-SEP-001');
    expect(lastLine(table.stderr)).toMatch(/^demarc: \d+ open findings at or above high: exit 1$/);
  });

  it('a format named with --format beside FORMAT=FILE outputs goes to stdout', () => {
    const file = join(tempDir(), 'f.json');
    const x = audit(['--format', 'csv', '--output', `json=${file}`]);
    expect(x.stdout.split('\n')[0]).toMatch(/^"?[a-z]/i);
    expect(x.stdout).toContain('HYB-SEP-001');
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('demarc-findings');
  });

  it.each([
    [['--format', 'json,sarif'], /2 formats cannot all go to stdout/],
    [['--format', 'jsn'], /unknown format "jsn"[\s\S]*did you mean json\?/],
    [['--output', 'jsn=x.json'], /unknown format "jsn"[\s\S]*did you mean json\?/],
    [['--output', 'json=same.out', '--output', 'sarif=same.out'], /same.out is named for both json and sarif/],
    [['--format', 'json,sarif', '--output', 'one.out'], /one file for 2 formats/],
  ])('%j is a usage error (exit 2) that says what to do, before any evaluation', (args, message) => {
    const x = audit(args, {});
    expect(x.code).toBe(2);
    expect(x.stderr).toMatch(message);
    expect(x.stderr).toContain('hint:');
  });
});

describe('the one-line result', () => {
  it('names the incomplete source and exit 3, and --quiet keeps it (an error) while dropping info', () => {
    // The demo snapshot with ot-ad recorded as incomplete (a lost connection), as a collection that failed would.
    const dir = tempDir();
    const snapshot = join(dir, 'partial.jsonl');
    const lines = readFileSync(DEMO_SNAPSHOT, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('{"kind":"source"') && l.includes('"id":"ot-ad"'));
    lines[i] = lines[i]!.replace(
      '"complete":true,"problems":[]',
      '"complete":false,"problems":[{"level":"incomplete","code":"connection-lost","message":"the connection to otdc1 was lost"}]',
    );
    writeFileSync(snapshot, lines.join('\n'));
    const x = audit(['--output', `json=${join(dir, 'f.json')}`, '--quiet'], { snapshot });
    expect(x.code, x.stderr).toBe(3);
    expect(lastLine(x.stderr)).toBe('demarc: error: source ot-ad incomplete: exit 3');
    // The report is still written, and says it is incomplete.
    expect(JSON.parse(readFileSync(join(dir, 'f.json'), 'utf8')).complete).toBe(false);
  });

  it('--quiet drops the result of a run with findings (info), keeping stderr to errors', () => {
    const x = audit(['--output', `json=${join(tempDir(), 'f.json')}`, '--quiet']);
    expect(x.code).toBe(1);
    expect(x.stderr).toBe('');
  });

  it('with --log-format json it is a JSON line with the exit code and count as fields', () => {
    const x = audit(['--output', `json=${join(tempDir(), 'f.json')}`, '--log-format', 'json']);
    const last = JSON.parse(lastLine(x.stderr));
    expect(last).toMatchObject({ level: 'info', exitCode: 1, failOn: 'high' });
    expect(last.message).toBe(`${last.count} open findings at or above high: exit 1`);
  });

  it('says "no new open findings" when --fail-on-new finds nothing new (exit 0)', () => {
    const state = join(tempDir(), 'state');
    const args = ['--baseline', state, '--fail-on-new', '--output', `json=${join(tempDir(), 'f.json')}`];
    audit(args);
    const second = audit(args);
    expect(second.code, second.stderr).toBe(0);
    expect(lastLine(second.stderr)).toBe('demarc: no new open findings at or above high: exit 0');
  });
});

describe('--format github in GitHub Actions', () => {
  it('annotates on stdout and appends the Markdown report to $GITHUB_STEP_SUMMARY', () => {
    // GitHub documents $GITHUB_STEP_SUMMARY as a file that a step appends Markdown to, so what an earlier step
    // wrote stays (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#adding-a-job-summary).
    const summary = join(tempDir(), 'step-summary.md');
    writeFileSync(summary, '## earlier step\n');
    const x = audit(['--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(x.code).toBe(1);
    for (const l of x.stdout.trimEnd().split('\n')) expect(l).toMatch(/^::(error|warning|notice) /);
    const markdown = audit(['--format', 'markdown']).stdout;
    expect(readFileSync(summary, 'utf8')).toBe(`## earlier step\n${markdown}`);
  });
});

describe('check writes text and json from one evaluation', () => {
  it('--format text,json --output-dir DIR: check.txt and check.json, owner-only, with the same verdict', () => {
    const out = join(tempDir(), 'check');
    const r = demarc([
      'check',
      '-c',
      DEMO_CONFIG,
      '-s',
      DEMO_SNAPSHOT,
      '--now',
      '2026-11-25T12:00:00Z',
      '--plan',
      'fixtures/plans/offboard-oncall.yaml',
      '--format',
      'text,json',
      '--output-dir',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['check.json', 'check.txt']);
    for (const f of readdirSync(out)) expect(mode(join(out, f))).toBe(0o600);
    const json = JSON.parse(readFileSync(join(out, 'check.json'), 'utf8'));
    // Offboarding Carol from SOC-OnCall introduces nothing: both files say so, about the same change.
    expect(json.verdict).toBe('pass');
    const text = readFileSync(join(out, 'check.txt'), 'utf8');
    expect(text).toContain('Would introduce no finding.');
    for (const c of json.changes) expect(text).toContain(c);
    expect(r.stdout).toBe('');
  });
});

describe('check ends stderr with its result too', () => {
  it('counts the open findings the change introduces at or above high', () => {
    // The README's example: Pat Rivera's IT account added to SOC-Escalation, which is nested into OT remote access.
    const r = demarc([
      'check',
      '-c',
      DEMO_CONFIG,
      '-s',
      DEMO_SNAPSHOT,
      '--now',
      '2026-11-25T12:00:00Z',
      '--new-person',
      'E1020',
      '--name',
      'Pat Rivera',
      '--employee-id',
      'E1020',
      '--department',
      'Security Operations',
      '--account',
      'it-entra:pat.rivera@cvpower.example',
      '--add-member',
      'it-entra:SOC-Escalation',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    const introduced = JSON.parse(r.stdout).introduced.filter((f: any) => f.status === 'open' && ['high', 'critical'].includes(f.severity));
    const n = introduced.length;
    expect(n).toBeGreaterThan(0);
    expect(lastLine(r.stderr)).toBe(`demarc: the change introduces ${n} open finding${n === 1 ? '' : 's'} at or above high: exit 1`);
  });
});
