import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError, InputErrors, fileErrorCode } from '../util/errors.js';
import { definedSourceIds, referenceProblems, toInputError } from './config-references.js';
import { sha256 } from '../util/files.js';
import { checkCaFile } from '../util/ca-file.js';
import type { VerificationHistory } from '../model/verification-history.js';
import { AuditConfig } from './audit-config.js';
import { expandEnvironment } from './env-expansion.js';
import { ExceptionsFile, type ExceptionEntry } from './exception.js';
import { formatPath, locateInText, parseDocument } from '../util/parse-document.js';

export interface LoadedConfig {
  config: AuditConfig;
  file: string;
  baseDir: string;
  sha256: string;
  text: string;
  exceptions: ExceptionEntry[];
  exceptionsFile?: { file: string; sha256: string; text: string };
  /**
   * The run history of the baseline (CIP-004-7 R4.2), once read by `withHistory`: that of `--baseline
   * DIR` or of `history.stateDir`. Absent: the rule that reads it is not evaluated.
   */
  history?: VerificationHistory;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${what}: ${fileErrorCode(e)}`, { file: path });
  }
}

/**
 * Loads and validates the audit configuration and its exceptions, and cross-checks references. `${NAME}`
 * in the sources' paths and URLs is taken from `env` (see env-expansion.ts).
 */
export async function loadConfig(path: string, env: Record<string, string | undefined> = process.env): Promise<LoadedConfig> {
  const file = resolve(path);
  const text = await readText(file, 'configuration');
  const config = parseDocument(text, file, AuditConfig, (doc, lc) => expandEnvironment(doc, lc, file, env));
  const baseDir = dirname(file);
  checkReferences(config, file);
  const problems = referenceProblems(config);
  if (problems.length > 0)
    throw new InputErrors(problems.map((p) => toInputError(p, file, locateInText(text, p.path), formatPath(p.path))));
  await checkCaFiles(config, file, text, baseDir);
  let exceptions: ExceptionEntry[];
  let exceptionsFile: LoadedConfig['exceptionsFile'];
  if (typeof config.exceptions === 'string') {
    const ef = resolve(baseDir, config.exceptions);
    const etext = await readText(ef, 'exceptions file');
    exceptions = parseDocument(etext, ef, ExceptionsFile).exceptions;
    exceptionsFile = { file: ef, sha256: sha256(etext), text: etext };
  } else {
    exceptions = config.exceptions;
  }
  const dup = exceptions.find((e, i) => exceptions.findIndex((x) => x.id === e.id) !== i);
  if (dup) throw new InputError(`exception id ${dup.id} is used twice`, { file: exceptionsFile?.file ?? file, path: 'exceptions' });
  return { config, file, baseDir, sha256: sha256(text), text, exceptions, exceptionsFile };
}

function checkReferences(config: AuditConfig, file: string): void {
  const dupOf = <T>(xs: T[]): T | undefined => xs.find((x, i) => xs.indexOf(x) !== i);
  const zoneDup = dupOf(config.zones.map((z) => z.id));
  if (zoneDup) throw new InputError(`zone id "${zoneDup}" is defined twice`, { file, path: 'zones' });
  for (const [name, pop] of Object.entries(config.populations))
    if (pop.homeZone !== undefined && !config.zones.some((z) => z.id === pop.homeZone))
      throw new InputError(
        `population "${name}" has home zone "${pop.homeZone}", which is not a zone`,
        { file, path: `populations.${name}.homeZone` },
        `zones: ${config.zones.map((z) => z.id).join(', ')}`,
      );
  const srcDup = dupOf(config.sources.map((s) => s.id)) ?? dupOf(definedSourceIds(config));
  if (srcDup) throw new InputError(`source id "${srcDup}" is defined twice`, { file, path: 'sources' }, 'give every source its own id');
}

/**
 * Every CA file a source names (LDAP `tls.caFile`, Entra `caFile`) is read and checked now, so a wrong
 * file is a configuration error before anything is collected, not a TLS failure after a DNS lookup.
 */
async function checkCaFiles(config: AuditConfig, file: string, text: string, baseDir: string): Promise<void> {
  for (const [i, source] of config.sources.entries()) {
    const s = source as { tls?: { caFile?: string }; caFile?: string };
    for (const [caFile, path] of [
      [s.tls?.caFile, ['sources', i, 'tls', 'caFile']],
      [s.caFile, ['sources', i, 'caFile']],
    ] as const) {
      if (!caFile) continue;
      const at = locateInText(text, [...path]);
      await checkCaFile(resolve(baseDir, caFile), `${file}${at.line ? `:${at.line}` : ''} (${formatPath([...path])})`);
    }
  }
}
