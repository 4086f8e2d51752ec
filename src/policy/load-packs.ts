import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPath, locateInText } from '../util/parse-document.js';
import { InputError, fileErrorCode } from '../util/errors.js';
import { sha256 } from '../util/files.js';
import { readPackFile } from './extend-pack.js';
import type { PolicyPack } from './pack-schema.js';

/** The packs shipped in policies/ (next to src/ and dist/). */
export const BUNDLED_POLICY_DIR = fileURLToPath(new URL('../../policies/', import.meta.url));

export interface LoadedPack {
  pack: PolicyPack;
  file: string;
  sha256: string;
  text: string;
  disabled: Set<string>;
}

/** A name without a path separator or extension is a bundled pack; anything else is a file path. */
export function packPath(ref: string, baseDir: string): string {
  if (/^[a-z][a-z0-9-]*$/.test(ref)) {
    const p = resolve(BUNDLED_POLICY_DIR, `${ref}.yaml`);
    if (!existsSync(p))
      throw new InputError(
        `unknown bundled policy pack "${ref}"`,
        { path: 'policies' },
        'run `demarc policy list` to see the bundled packs, or give a path',
      );
    return p;
  }
  return resolve(baseDir, ref);
}

/**
 * Reads a pack. A pack that extends another is expanded here: `pack` holds every rule it runs, and
 * `text` (with `sha256`) is the expanded pack written out whole, so an evidence bundle's copy stands
 * alone and its digest changes when the parent does.
 */
export async function loadPack(path: string, disabled: string[] = []): Promise<LoadedPack> {
  const read = async (file: string) => {
    try {
      return await readFile(file, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read policy pack: ${fileErrorCode(e)}`, { file });
    }
  };
  const { pack, text, ownText } = await readPackFile(path, read, (ref, from) => packPath(ref, dirname(from)));
  const again = pack.rules.findIndex((r, i) => pack.rules.findIndex((x) => x.id === r.id) !== i);
  if (again >= 0) {
    const path_ = ['rules', again, 'id'];
    throw new InputError(
      `rule id ${pack.rules[again]!.id} is defined twice in this pack`,
      { file: path, ...locateInText(ownText, path_), path: formatPath(path_) },
      'give every rule its own id',
    );
  }
  const ids = new Set(pack.rules.map((r) => r.id));
  const unknown = disabled.find((d) => !ids.has(d));
  if (unknown) throw new InputError(`"disable" names rule ${unknown}, which pack ${pack.pack} does not have`, { file: basename(path) });
  return { pack, file: path, sha256: sha256(text), text, disabled: new Set(disabled) };
}

/** Loads the configured packs; a rule id used twice across packs is an error. */
export async function loadPacks(refs: ReadonlyArray<string | { pack: string; disable: string[] }>, baseDir: string): Promise<LoadedPack[]> {
  const packs: LoadedPack[] = [];
  const seen = new Map<string, string>();
  for (const ref of refs) {
    const name = typeof ref === 'string' ? ref : ref.pack;
    const loaded = await loadPack(packPath(name, baseDir), typeof ref === 'string' ? [] : ref.disable);
    for (const r of loaded.pack.rules) {
      const prev = seen.get(r.id);
      if (prev)
        throw new InputError(
          `rule id ${r.id} is defined in both ${prev} and ${loaded.file}`,
          { file: loaded.file, path: `rules (${r.id})` },
          'rule ids must be unique across the packs of one configuration',
        );
      seen.set(r.id, loaded.file);
    }
    packs.push(loaded);
  }
  return packs;
}
