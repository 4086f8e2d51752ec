#!/usr/bin/env node
import { resolve } from 'node:path';
import { buildProgram } from './program.js';
import { reportError } from './errors.js';
import { guardStdout } from './stdout.js';
import { assertKnownCommand } from './unknown-command.js';

/** Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage/config/input error, 3 incomplete data. */
async function main(argv: string[]): Promise<number> {
  let code = 0;
  try {
    const program = await buildProgram((c) => (code = c), argv.slice(2));
    assertKnownCommand(program, argv.slice(2));
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    return reportError(e, argv.includes('--verbose'), undefined, configArg(argv));
  }
}

/** The configuration file named on the command line (-c file, --config file or --config=file). */
function configArg(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '-c' || a === '--config');
  const v = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--config='))?.slice('--config='.length);
  return v ? resolve(v) : undefined;
}

const verbose = process.argv.includes('--verbose');
guardStdout();
// A failure outside the command's own promise (a stream's 'error' event, a forgotten rejection) is
// still reported the way every other error is, never as a raw stack trace with exit 1.
const fatal = (e: unknown): void => {
  process.exitCode = Math.max(reportError(e, verbose), 2);
  process.exit();
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

void main(process.argv).then((code) => {
  process.exitCode = code;
});
