import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { diffFiles } from '../baseline/diff-files.js';
import { diffJson, diffText } from '../baseline/diff-output.js';
import { exitCodeForNew } from '../baseline/exit-codes.js';
import { Severity } from '../model/findings.js';
import { emit } from './output.js';

interface DiffOptions {
  format: 'text' | 'json';
  output?: string;
  failOnNew?: boolean;
  failOn: Severity;
}

/** `demarc diff <old> <new>`: new, resolved and unchanged findings of two runs, by fingerprint. */
export function diffCommand(run: (code: number) => void): Command {
  return new Command('diff')
    .description('Compare two findings files (demarc audit --format json): new, resolved and unchanged findings')
    .argument('<old>', 'findings of the earlier run')
    .argument('<new>', 'findings of the later run')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write the output to a file (owner-only) instead of stdout')
    .option('--fail-on-new', 'exit 1 when the later run has a new open finding at or above --fail-on (3 when it is incomplete)')
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity of a new finding that exits 1 with --fail-on-new')
        .choices(Severity.options)
        .default('high'),
    )
    .action(async (oldPath: string, newPath: string, o: DiffOptions) => {
      const { diff, older, newer } = await diffFiles(resolve(oldPath), resolve(newPath));
      await emit(o.format === 'json' ? diffJson(diff, older, newer) : diffText(diff, older, newer), o.output);
      run(o.failOnNew ? exitCodeForNew(diff, newer.complete, o.failOn) : 0);
    });
}
