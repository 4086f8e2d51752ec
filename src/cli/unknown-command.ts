import type { Command } from 'commander';
import { InputError } from '../util/errors.js';
import { editDistance, nearest } from '../util/nearest.js';

/**
 * The first word after `demarc` must be a command. Commander would answer `demarc nosuch --help` with
 * the main help and exit 0, so a typo in a scheduled job would pass unnoticed: it is a usage error
 * (exit 2) that names the nearest command. Checked before parsing, because --help is acted on first.
 */
export function assertKnownCommand(program: Command, args: readonly string[]): void {
  const word = args.find((a) => !a.startsWith('-'));
  if (word === undefined) return;
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  if (word === 'help' || names.includes(word)) return;
  const near = nearest(word, names);
  const closest = near ?? [...names].sort((a, b) => editDistance(word, a) - editDistance(word, b))[0];
  throw new InputError(
    `unknown command "${word}"`,
    {},
    `${near ? `did you mean demarc ${near}?` : `the nearest command is ${closest}.`} Commands: ${program.commands.map((c) => c.name()).join(', ')} (demarc --help)`,
  );
}
