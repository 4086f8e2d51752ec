import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { replaceAtomically } from '../util/atomic-write.js';
import type { Estate } from '../estate/estate.js';
import type { RawTable } from '../estate/raw-table.js';
import { TOOL_VERSION } from '../version.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './format.js';

/** The object's first own enumerable key, in the order JSON.stringify writes them. */
function firstKey(o: object): string | undefined {
  for (const k in o) if (Object.hasOwn(o, k)) return k;
  return undefined;
}

/** Lines of a snapshot, in file order. Shared by the file writer and by hashing/verification. */
export function* snapshotLines(estate: Estate): Generator<string> {
  let lines = 0;
  const line = (o: object): string => {
    lines++;
    return `${JSON.stringify(o)}\n`;
  };
  yield line({
    kind: 'header',
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    createdAt: estate.createdAt,
    tool: { name: 'demarc', version: TOOL_VERSION },
    ...(estate.collectedBy ? { collectedBy: estate.collectedBy } : {}),
  });
  for (const s of estate.sources) {
    const { kind, ...rest } = s;
    yield line({ kind: 'source', sourceKind: kind, ...rest });
  }
  // `kind` first: the reader reads account and group lines that start with it in place (record-line.ts).
  // A principal assembled from a connector has it first already and is written without a copy.
  // A record still held as the line it was read from (an evidence bundle's copy of its snapshot) is
  // copied as it stands: the same record, without being parsed and written again.
  function* rows<T extends { source: string }>(table: RawTable<T, string>, write: (record: T) => string): Generator<string> {
    for (let i = 0; i < table.length; i++) {
      const raw = table.rawLine(i);
      if (raw === undefined) yield write(table.at(i));
      else {
        lines++;
        yield `${raw}\n`;
      }
    }
  }
  yield* rows(estate.principals, (p) => {
    if (firstKey(p) === 'kind') return line(p);
    const { kind, ...rest } = p;
    return line({ kind, ...rest });
  });
  for (const r of estate.roleAssignments) yield line(r);
  for (const a of estate.applications) yield line(a);
  for (const l of estate.links) {
    const { kind, ...rest } = l;
    yield line({ kind: 'link', linkKind: kind, ...rest });
  }
  yield* rows(estate.persons, (p) => line({ kind: 'person', ...p }));
  for (const t of estate.tools) yield line({ kind: 'tool', ...t });
  for (const m of estate.mappings) yield line({ kind: 'mapping', ...m });
  for (const r of estate.records) yield line({ kind: 'record', ...r });
  for (const pp of estate.passwordPolicies) {
    const { kind, ...rest } = pp;
    yield line({ kind: 'password-policy', policyKind: kind, ...rest });
  }
  yield line({ kind: 'end', principals: estate.principals.length, lines: lines + 1 });
}

/** The lines in batches of about 1 MiB: one write per batch, not per line. */
function* batches(estate: Estate): Generator<string> {
  let buf = '';
  for (const l of snapshotLines(estate)) {
    buf += l;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/**
 * Writes the estate as a snapshot (gzip-compressed when the name ends in .gz), owner-only and atomically:
 * a collection killed or out of disk while writing leaves the previous snapshot as it was.
 */
export async function writeSnapshot(path: string, estate: Estate): Promise<void> {
  await replaceAtomically(path, async (tmp) => {
    const file = createWriteStream(tmp, { mode: 0o600, flags: 'wx' });
    const source = Readable.from(batches(estate));
    await (path.endsWith('.gz') ? pipeline(source, createGzip(), file) : pipeline(source, file));
  });
}
