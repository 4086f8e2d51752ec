import { Command } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../snapshot/format.js';
import { exitCodesHelp } from './exit-codes-help.js';
import { auditCommand } from './audit-command.js';
import { collectCommand } from './collect-command.js';
import { policyCommand } from './policy-command.js';
import { schemaCommand } from './schema-command.js';
import { checkCommand } from './check-command.js';
import { diffCommand } from './diff-command.js';
import { verifyCommand } from './verify-command.js';
import { remediateCommand } from './remediate-command.js';
import { baselineCommand } from './baseline-command.js';
import { reviewCommand } from './review-command.js';

/** The command tree. `setExit` records the exit code a command decided on. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('demarc')
    .description('Audit access segregation between IT and OT from the directories themselves')
    .version(`${TOOL_VERSION}\nsnapshot format ${SNAPSHOT_FORMAT} version ${SNAPSHOT_VERSION}`)
    .showHelpAfterError()
    .exitOverride();
  for (const make of [
    auditCommand,
    collectCommand,
    checkCommand,
    remediateCommand,
    diffCommand,
    verifyCommand,
    baselineCommand,
    reviewCommand,
    schemaCommand,
    policyCommand,
  ])
    program.addCommand(make(setExit));
  program.addHelpText('after', exitCodesHelp('demarc'));
  program.commands.forEach(function override(c: Command): void {
    c.exitOverride();
    c.addHelpText('after', exitCodesHelp(c.parent === program ? c.name() : c.parent!.name()));
    c.commands.forEach(override);
  });
  return program;
}
