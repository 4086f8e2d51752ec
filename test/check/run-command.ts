import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { reportError } from '../../src/cli/errors.js';

/**
 * Runs one command through commander and the CLI's error reporting, as `demarc <args>` would, and
 * returns the exit code, stderr, and what the command wrote to `-o` (when `withOutput`).
 */
export async function runCommand(
  make: (run: (code: number) => void) => Command,
  args: string[],
  withOutput = true,
): Promise<{ code: number; out: string; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'demarc-cmd-'));
  const outFile = join(dir, 'out.txt');
  let code = 0;
  let err = '';
  const cmd = make((c) => (code = c));
  cmd.exitOverride();
  const root = new Command('demarc').exitOverride().addCommand(cmd);
  try {
    await root.parseAsync(['node', 'demarc', cmd.name(), ...args, ...(withOutput ? ['-o', outFile] : [])], { from: 'node' });
  } catch (e) {
    code = reportError(e, false, (s) => (err += s));
  }
  let out: string;
  try {
    out = readFileSync(outFile, 'utf8');
  } catch {
    out = '';
  }
  rmSync(dir, { recursive: true, force: true });
  return { code, out, err };
}
