import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { BUNDLED_POLICY_DIR, loadPack } from '../policy/load-packs.js';
import { InputError, InputErrors } from '../util/errors.js';
import { reportError } from './errors.js';
import { writeStdout } from './stdout.js';

export function policyCommand(run: (code: number) => void): Command {
  const cmd = new Command('policy').description('Inspect and validate policy packs');
  cmd
    .command('validate')
    .description('Validate policy pack files (all problems with file, line and path)')
    .argument('<files...>', 'pack files')
    .action(async (files: string[]) => {
      let code = 0;
      for (const f of files) {
        try {
          const p = await loadPack(resolve(f));
          await writeStdout(`${f}: ok (${p.pack.pack}, ${p.pack.rules.length} rules)\n`);
        } catch (e) {
          if (!(e instanceof InputError || e instanceof InputErrors)) throw e;
          code = reportError(e, false);
        }
      }
      run(code);
    });
  cmd
    .command('list')
    .description('List the bundled packs (or the given pack files) and their rules')
    .argument('[files...]', 'pack files (default: the bundled packs)')
    .action(async (files: string[]) => {
      const paths = files.length
        ? files.map((f) => resolve(f))
        : (await readdir(BUNDLED_POLICY_DIR))
            .filter((f) => f.endsWith('.yaml'))
            .sort()
            .map((f) => resolve(BUNDLED_POLICY_DIR, f));
      for (const path of paths) {
        const { pack } = await loadPack(path);
        const lines = [`${pack.pack}: ${pack.title}`];
        for (const r of pack.rules) {
          lines.push(`  ${r.id.padEnd(16)} ${r.severity.padEnd(8)} ${r.kind.padEnd(20)} ${r.title}`);
          lines.push(`  ${''.padEnd(16)} controls: ${r.controls.map((c) => `${c.framework} ${c.id}`).join('; ')}`);
        }
        await writeStdout(`${lines.join('\n')}\n`);
      }
      run(0);
    });
  return cmd;
}
