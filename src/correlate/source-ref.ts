import type { Estate } from '../estate/estate.js';

/** One way of reading how a record names a group, role or account: a name, in one source or in any. */
export interface SourceRef {
  source?: string;
  name: string;
}

/** The ids of the estate's sources: the only prefixes a `source:name` cell can carry. */
export const sourceIdsOf = (estate: Estate): ReadonlySet<string> => new Set(estate.sources.map((s) => s.id));

/**
 * The readings of a record cell that names something in a directory, most likely first. A cell may
 * carry its source as a prefix (`ot-ad:OT-Engineers`, the form tool inventories use) or the record may
 * give it in a column of its own. Names themselves may contain ":" (an AD group's cn or an Entra
 * displayName may; only sAMAccountName forbids it), so a prefix counts only when it is exactly the id
 * of a source in the estate, and the whole cell is kept as a second reading in case a name happens to
 * start with one. With a source column, the column decides the source; a prefix repeating it is dropped.
 * The prefix is never guessed from its shape: `scada:Operators` with no source `scada` is one name.
 */
export function sourceRefReadings(cell: string, sourceIds: ReadonlySet<string>, column?: string): SourceRef[] {
  const name = cell.trim();
  const colon = name.indexOf(':');
  // Source ids are lower case by definition (SourceId), so the prefix is compared lower-cased.
  const prefix = colon > 0 ? name.slice(0, colon).trim().toLowerCase() : undefined;
  const rest = colon > 0 ? name.slice(colon + 1).trim() : '';
  if (column !== undefined && column !== '') {
    return prefix === column && rest
      ? [
          { source: column, name: rest },
          { source: column, name },
        ]
      : [{ source: column, name }];
  }
  if (prefix !== undefined && rest && sourceIds.has(prefix)) return [{ source: prefix, name: rest }, { name }];
  return [{ name }];
}

/**
 * Resolves a record cell with `lookup`, trying its readings in order: the first reading that finds
 * anything wins. When none does, the first reading is returned with no hits, for the message.
 */
export function resolveSourceRef<T>(
  cell: string,
  sourceIds: ReadonlySet<string>,
  column: string | undefined,
  lookup: (ref: SourceRef) => T[],
): { ref: SourceRef; hits: T[] } {
  const readings = sourceRefReadings(cell, sourceIds, column);
  for (const ref of readings) {
    const hits = lookup(ref);
    if (hits.length > 0) return { ref, hits };
  }
  return { ref: readings[0]!, hits: [] };
}

/** How a reference reads in a message: `OT-Engineers in ot-ad`, or the name alone. */
export const describeSourceRef = (ref: SourceRef): string => (ref.source ? `"${ref.name}" in ${ref.source}` : `"${ref.name}"`);
