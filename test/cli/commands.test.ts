import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, demarc } from '../helpers/cli.js';

describe('commands', () => {
  it.each([
    [['nosuch'], 'the nearest command is'],
    [['nosuch', '--help'], 'the nearest command is'],
    [['adit', '-c', 'x.yaml'], 'did you mean demarc audit?'],
    [['veryfy', '--help'], 'did you mean demarc verify?'],
  ])('%j is a usage error (exit 2) naming the nearest command, not the main help', (args, hint) => {
    const r = demarc(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`unknown command "${args[0]}"`);
    expect(r.stderr).toContain(hint);
    expect(r.stdout).toBe('');
  });

  it.each(['audit', 'collect', 'check', 'diff', 'verify', 'schema', 'policy', 'policy validate'])(
    '%s --help lists the exit codes',
    (command) => {
      const r = demarc([...command.split(' '), '--help']);
      expect(r.code).toBe(0);
      const codes = r.stdout.slice(r.stdout.indexOf('Exit codes:'));
      expect(r.stdout).toContain('Exit codes:');
      expect(codes).toMatch(/^ {2}0 {2}\S/m);
      expect(codes).toMatch(/^ {2}2 {2}\S/m);
    },
  );

  it('audit --help explains 0, 1, 2 and 3', () => {
    const codes = demarc(['audit', '--help']).stdout.split('Exit codes:')[1]!;
    expect(codes.match(/^ {2}[0-3] {2}/gm)).toEqual(['  0  ', '  1  ', '  2  ', '  3  ']);
    expect(codes).toMatch(/3 {2}incomplete data/);
  });

  it('--version prints the package version and the snapshot format version', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8'));
    const r = demarc(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\nsnapshot format demarc-snapshot version 1\n`);
  });
});
