import type { LoadedConfig } from '../config/load-config.js';
import { locateInText } from '../util/parse-document.js';
import type { LoadedPack } from '../policy/load-packs.js';
import { InputError, InputErrors } from '../util/errors.js';
import { nearest } from '../util/nearest.js';

/**
 * Every exception names a rule of the loaded packs. One naming no rule can never match: reported as
 * stale, it reads as an exception that outlived its finding, when the id was mistyped (or the rule
 * renamed) and the finding it was written for is open. An input error, with the nearest rule id.
 */
export function checkExceptionRules(loaded: LoadedConfig, packs: readonly LoadedPack[]): void {
  const ids = packs.flatMap((p) => p.pack.rules.map((r) => r.id));
  const known = new Set(ids);
  const inFile = loaded.exceptionsFile;
  const errors = loaded.exceptions.flatMap((e, i) => {
    if (known.has(e.rule)) return [];
    const path = ['exceptions', i, 'rule'];
    const at = locateInText(inFile?.text ?? loaded.text, path);
    const guess = nearest(e.rule, ids);
    return [
      new InputError(
        `exception ${e.id} names rule ${e.rule}, which no loaded policy pack defines`,
        { file: inFile?.file ?? loaded.file, line: at.line, column: at.column, path: `exceptions[${i}].rule` },
        guess ? `did you mean ${guess}?` : `rules of the loaded packs: ${ids.join(', ')}`,
      ),
    ];
  });
  if (errors.length > 0) throw new InputErrors(errors);
}
