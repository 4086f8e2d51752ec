import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { COMMANDS } from '../../src/cli/command-list.js';
import { buildProgram, requestedCommand } from '../../src/cli/program.js';
import { demarc } from '../helpers/cli.js';

/** Options a command defines besides --help: none for a command that was not loaded. */
const optionCount = (c: Command): number => c.options.length + c.commands.length;

describe('commands are loaded only when run', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: the summary in the list is its own description', async (_name, entry) => {
    const full = (await entry.load())(() => {});
    expect(full.name()).toBe(entry.name);
    expect(entry.summary).toBe(full.description());
  });

  it.each([
    [['check', '-c', 'x.yaml'], 'check'],
    [['--quiet', 'audit'], 'audit'],
    [['help', 'diff'], 'diff'],
    [['policy', 'validate', 'a.yaml'], 'policy'],
    [['--version'], undefined],
    [[], undefined],
  ])('%j runs %s', (args, name) => {
    expect(requestedCommand(args)).toBe(name);
  });

  it('builds the command being run in full and the others as name and description', async () => {
    const program = await buildProgram(() => {}, ['check', '--person', 'P1']);
    const check = program.commands.find((c) => c.name() === 'check')!;
    expect(check.options.map((o) => o.long)).toContain('--plan');
    for (const c of program.commands.filter((x) => x.name() !== 'check')) expect(optionCount(c)).toBe(0);
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
  });

  it('the main help lists every command with its description', () => {
    const r = demarc(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout.replace(/\s+/g, ' ')).toContain(`${c.name} ${c.summary.slice(0, 30)}`);
  });

  it('help COMMAND shows that command’s options', () => {
    // (Its exit code is commander's for the help command, as it was before commands were loaded lazily.)
    const r = demarc(['help', 'check']);
    expect(r.stdout).toContain('--plan <file>');
    expect(r.stdout).toContain('Exit codes:');
  });
});
