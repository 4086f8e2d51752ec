#!/usr/bin/env node
import { buildProgram } from './program.js';
import { reportError } from './errors.js';

/** Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage/config/input error, 3 incomplete data. */
async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    return reportError(e, argv.includes('--verbose'));
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
