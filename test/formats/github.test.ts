import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/formats/github.js';
import { formatters } from '../../src/report/formats/index.js';
import { FORMAT_OPTIONS, HOSTILE_FP, loadFixture } from './fixture.js';

/**
 * GitHub Actions workflow commands, as documented at
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 * (`::error file={name},line={line},title={title}::{message}`, and `::warning` / `::notice` alike) and
 * escaped as the runner's toolkit does (https://github.com/actions/toolkit, packages/core/src/command.ts:
 * escapeData turns % into %25, CR into %0D, LF into %0A; escapeProperty also : into %3A and , into %2C).
 */
const LINE = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/;

/** Reads a command back the way the runner does: split properties on ",", then on the first "=", then unescape. */
function parse(line: string): { command: string; props: Record<string, string>; message: string } {
  const m = LINE.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string): string =>
    s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries(
    (m[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))]),
  );
  return { command: m[1]!, props, message: unescape(m[3]!) };
}

describe('github workflow commands', () => {
  it('escapes data and properties as the toolkit does', () => {
    // Values worked out from the toolkit's rules by hand, % first so an escape is never escaped twice.
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
    expect(escapeProperty('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext%3A a%2C b');
    expect(escapeData('%0A')).toBe('%250A');
  });

  const report = loadFixture();
  const out = formatGithub(report, FORMAT_OPTIONS);
  const lines = out.trimEnd().split('\n');
  const parsed = lines.map(parse);

  it('writes one command per finding plus one per incomplete source and rule that could not run, nothing else', () => {
    const incomplete = report.sources.filter((s) => !s.complete).length;
    // The fixture has HYB-CIP-001 not evaluated and HYB-ERR-001 in error.
    expect(lines).toHaveLength(report.findings.length + incomplete + 2);
    for (const l of lines) expect(l).toMatch(LINE);
  });

  it('maps severity to the command: critical and high are errors, medium warnings, low and info notices; excepted is a notice', () => {
    for (const f of report.findings) {
      const a = parsed.find((p) => p.message.includes(`fingerprint ${f.fingerprint}`))!;
      const expected =
        f.status === 'excepted'
          ? 'notice'
          : { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' }[f.severity];
      expect(a.command, f.ruleId).toBe(expected);
      expect(a.props.title).toBe(`${f.severity} ${f.ruleId}: ${f.title}`);
      expect(a.props.line).toBe('1');
      // Anchored at the pack defining the rule, else (exception findings) the first pack, as in SARIF.
      expect(a.props.file).toBe((report.run.policies.find((p) => p.pack === f.pack) ?? report.run.policies[0]!).file);
    }
    const excepted = report.findings.find((f) => f.status === 'excepted')!;
    expect(parsed.find((p) => p.message.includes(excepted.fingerprint))!.message).toContain(`excepted by ${excepted.exception!.id}`);
  });

  it('keeps a newline, a colon and a comma in a name from ending the command or a property', () => {
    const hostile = parsed.find((p) => p.message.includes(HOSTILE_FP))!;
    const f = report.findings.find((x) => x.fingerprint === HOSTILE_FP)!;
    // The message carries a line break of its own: it comes back exactly after unescaping.
    expect(hostile.message.startsWith(f.message)).toBe(true);
    expect(f.message).toContain('\n');
    const raw = lines.find((l) => l.includes(HOSTILE_FP))!;
    expect(raw).not.toMatch(/[\r\n]/);
    // "title=critical HYB-SEP-001: No SOC..." has a colon, escaped inside the property.
    expect(raw).toContain('title=critical HYB-SEP-001%3A ');
  });

  it('puts the worst first, since the runner shows only so many annotations per step', () => {
    const rank = ['info', 'low', 'medium', 'high', 'critical'];
    const open = report.findings.filter((f) => f.status === 'open');
    const order = parsed.filter((p) => p.props.file).map((p) => p.props.title!.split(' ')[0]!);
    const ranks = order.slice(0, open.length).map((s) => rank.indexOf(s));
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
  });

  it('the registered formatter shows control characters of names as code points, and the commands stay well formed', () => {
    const text = formatters.github(report, FORMAT_OPTIONS);
    expect(text).toContain('<U+000A>second line');
    for (const l of text.trimEnd().split('\n')) expect(l).toMatch(LINE);
  });

  it('a run with nothing to say writes nothing', () => {
    const clean = {
      ...report,
      findings: [],
      rules: report.rules.filter((r) => r.status === 'passed'),
      sources: report.sources.filter((s) => s.complete),
    };
    expect(formatGithub(clean, FORMAT_OPTIONS)).toBe('');
  });
});
