import { createWriteStream } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import type { Estate } from '../estate/estate.js';
import { TOOL_VERSION } from '../version.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './format.js';

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
  });
  for (const s of estate.sources) {
    const { kind, ...rest } = s;
    yield line({ kind: 'source', sourceKind: kind, ...rest });
  }
  // `kind` first: the reader reads account and group lines that start with it in place (record-line.ts).
  for (const p of estate.principals) {
    const { kind, ...rest } = p;
    yield line({ kind, ...rest });
  }
  for (const r of estate.roleAssignments) yield line(r);
  for (const a of estate.applications) yield line(a);
  for (const l of estate.links) {
    const { kind, ...rest } = l;
    yield line({ kind: 'link', linkKind: kind, ...rest });
  }
  for (const p of estate.persons) yield line({ kind: 'person', ...p });
  for (const t of estate.tools) yield line({ kind: 'tool', ...t });
  for (const m of estate.mappings) yield line({ kind: 'mapping', ...m });
  for (const r of estate.records) yield line({ kind: 'record', ...r });
  yield line({ kind: 'end', principals: estate.principals.length, lines: lines + 1 });
}

async function writeAll(out: Writable, estate: Estate): Promise<void> {
  let buf = '';
  for (const l of snapshotLines(estate)) {
    buf += l;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
}

/** Writes the estate as a snapshot (gzip-compressed when the name ends in .gz), owner-only. */
export async function writeSnapshot(path: string, estate: Estate): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const file = createWriteStream(path, { mode: 0o600 });
  const done = once(file, 'close');
  if (path.endsWith('.gz')) {
    const gz = createGzip();
    gz.pipe(file);
    await writeAll(gz, estate);
  } else {
    await writeAll(file, estate);
  }
  await done;
  await chmod(path, 0o600);
}
