import { resolve } from 'node:path';
import { Command } from 'commander';
import { EXIT } from '../audit/report.js';
import { defaultIndexPath } from '../snapshot/index-format.js';
import { writeSnapshotIndex } from '../snapshot/write-index.js';
import { assertReadableFile } from '../util/files.js';
import { addCommonOptions, addThreadsOption, makeLogger, type CommonOptions } from './context.js';

interface IndexOptions extends CommonOptions {
  output?: string;
}

/**
 * `demarc index SNAPSHOT`: reads a snapshot in full, with every check, and writes its tables beside it,
 * so that commands given `--index` (a pre-deployment `check` on every change ticket) read them in one go.
 */
export function indexCommand(run: (code: number) => void): Command {
  const cmd = new Command('index')
    .description('Write the index of a snapshot, so that check, audit and remediate --index read it without scanning every line')
    .argument('<snapshot>', 'snapshot to index (.jsonl, under 2 GiB)')
    .option('-o, --output <file>', 'index file to write (owner-only, atomic; default: SNAPSHOT.index)');
  addCommonOptions(addThreadsOption(cmd)).action(async (snapshot: string, o: IndexOptions) => {
    const logger = makeLogger(o);
    const file = resolve(snapshot);
    await assertReadableFile(file, 'snapshot');
    const out = resolve(o.output ?? defaultIndexPath(file));
    const w = await writeSnapshotIndex(file, out, o.threads !== undefined ? { threads: o.threads } : {});
    logger.log(
      'info',
      `wrote ${out}: ${w.principals} principals, ${w.persons} persons, ${w.bytes} bytes, for snapshot SHA-256 ${w.snapshotSha256}`,
      {
        index: out,
        ...w,
      },
    );
    run(EXIT.clean);
  });
  return cmd;
}
