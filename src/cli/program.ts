import { Command } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../snapshot/format-version.js';
import { exitCodesHelp } from './exit-codes-help.js';
import { COMMANDS } from './command-list.js';

/**
 * The command named by `args` (the words after `demarc`): the first word that is not an option, or the
 * word after `help`. Undefined for `demarc`, `demarc --help`, `demarc --version`.
 */
export function requestedCommand(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * The command tree for `args`. `setExit` records the exit code a command decided on. Only the command
 * being run is loaded in full; the others are their name and description, which is all the main help
 * and the unknown-command check read.
 */
export async function buildProgram(setExit: (code: number) => void, args: readonly string[]): Promise<Command> {
  const program = new Command('demarc')
    .description('Audit access segregation between IT and OT from the directories themselves')
    .version(`${TOOL_VERSION}\nsnapshot format ${SNAPSHOT_FORMAT} version ${SNAPSHOT_VERSION}`)
    .showHelpAfterError()
    .exitOverride();
  const wanted = requestedCommand(args);
  for (const c of COMMANDS) program.addCommand(c.name === wanted ? (await c.load())(setExit) : new Command(c.name).description(c.summary));
  program.addHelpText('after', exitCodesHelp('demarc'));
  program.commands.forEach(function override(c: Command): void {
    c.exitOverride();
    c.addHelpText('after', exitCodesHelp(c.parent === program ? c.name() : c.parent!.name()));
    c.commands.forEach(override);
  });
  return program;
}
