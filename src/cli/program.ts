import { Command } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { auditCommand } from './audit-command.js';
import { collectCommand } from './collect-command.js';
import { policyCommand } from './policy-command.js';
import { schemaCommand } from './schema-command.js';
import { checkCommand } from './check-command.js';
import { diffCommand } from './diff-command.js';
import { verifyCommand } from './verify-command.js';
import { baselineCommand } from './baseline-command.js';

/** The command tree. `setExit` records the exit code a command decided on. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('demarc')
    .description('Audit access segregation between IT and OT from the directories themselves')
    .version(TOOL_VERSION)
    .showHelpAfterError()
    .exitOverride();
  for (const make of [
    auditCommand,
    collectCommand,
    checkCommand,
    diffCommand,
    verifyCommand,
    baselineCommand,
    schemaCommand,
    policyCommand,
  ])
    program.addCommand(make(setExit));
  program.commands.forEach(function override(c: Command): void {
    c.exitOverride();
    c.commands.forEach(override);
  });
  return program;
}
