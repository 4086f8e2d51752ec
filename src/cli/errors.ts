import { InputError, InputErrors } from '../util/errors.js';
import { FileWriteError, fileFault } from '../util/file-errors.js';
import { EXIT } from '../audit/exit.js';

/** Top-level keys of the audit configuration: an error at one of these paths is in the configuration file. */
const CONFIG_KEYS = /^(zones|sources|populations|entitlementSets|policies|exceptions|correlation|baseline|vendors)\b/;

/** An error found after loading (an undefined population a pack needs) still names the configuration file. */
const withConfigFile = (e: InputError, configFile: string | undefined): InputError =>
  configFile && !e.where.file && e.where.path && CONFIG_KEYS.test(e.where.path)
    ? new InputError(e.message, { ...e.where, file: configFile }, e.hint)
    : e;

/**
 * zod's validation error, told by its shape rather than `instanceof`, so that reporting an error (and
 * every `--version` and `--help`, which end as one) does not load zod.
 */
const isZodError = (e: unknown): e is { issues: { path: PropertyKey[]; message: string }[] } =>
  e instanceof Error && e.name === 'ZodError' && Array.isArray((e as { issues?: unknown }).issues);

/** Prints an error the way a user can act on, and returns the exit code. Stack traces only with --verbose. */
export function reportError(
  e: unknown,
  verbose: boolean,
  write: (s: string) => void = (s) => process.stderr.write(s),
  configFile?: string,
): number {
  const trace = (): void => {
    if (verbose && e instanceof Error && e.stack) write(`${e.stack}\n`);
  };
  if (e instanceof InputErrors) {
    for (const err of e.errors) write(`demarc: error: ${withConfigFile(err, configFile).render()}\n`);
    return EXIT.input;
  }
  if (e instanceof InputError) {
    write(`demarc: error: ${withConfigFile(e, configFile).render()}\n`);
    return EXIT.input;
  }
  if (isZodError(e)) {
    write(`demarc: error: ${e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
    return EXIT.input;
  }
  if (e instanceof FileWriteError) {
    write(`demarc: error: ${e.message}\n`);
    trace();
    return e.kind === 'usage' ? EXIT.input : EXIT.incomplete;
  }
  const file = fileFault(e);
  if (file) {
    write(`demarc: error: ${file.path ? `${file.path}: ` : ''}${file.text} (${file.code})\n`);
    trace();
    return file.kind === 'usage' ? EXIT.input : EXIT.incomplete;
  }
  const err = e as { code?: string; message?: string };
  if (err?.code === 'commander.helpDisplayed' || err?.code === 'commander.version') return 0;
  if (typeof err?.code === 'string' && err.code.startsWith('commander.')) return EXIT.input;
  write(`demarc: internal error: ${err?.message ?? String(e)}${verbose ? '' : ' (run with --verbose for details)'}\n`);
  trace();
  return EXIT.incomplete;
}
