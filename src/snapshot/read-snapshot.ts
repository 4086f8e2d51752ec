import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { emptyEstate, type Estate, type PrincipalNode } from '../estate/estate.js';
import type { Person } from '../model/records.js';
import { InputError, errorMessage } from '../util/errors.js';
import { formatPath } from '../config/parse-document.js';
import { fastAccepts } from './fast-check.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SnapshotHeader, SnapshotLine } from './format.js';

/** Splits a byte stream into batches of lines (one batch per chunk: no per-line promise). */
async function* lineBatches(stream: Readable): AsyncGenerator<string[]> {
  // Decoding in the stream keeps a UTF-8 character split across chunks intact.
  stream.setEncoding('utf8');
  let rest = '';
  for await (const chunk of stream) {
    const text = rest + (chunk as string);
    const batch: string[] = [];
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      batch.push(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
    yield batch;
  }
  if (rest.length > 0) yield [rest];
}

/** Reads and validates a snapshot; every problem names the file, line and field. */
export async function readSnapshot(path: string): Promise<Estate> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream: Readable = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const fail = (line: number, message: string, hint?: string, fieldPath?: string): never => {
    raw.destroy();
    throw new InputError(message, { file: path, line, path: fieldPath }, hint);
  };
  const estate: Estate = emptyEstate();
  let n = 0;
  let ended = false;
  try {
    for await (const batch of lineBatches(stream)) for (const text of batch) {
      n++;
      if (text.trim() === '') continue;
      if (ended) fail(n, 'content after the end record', 'the file was concatenated or edited; recreate it with demarc collect');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        fail(n, `not valid JSON: ${errorMessage(e)}`, 'a snapshot has one JSON object per line');
      }
      if (n === 1) {
        const h = SnapshotHeader.safeParse(value);
        const v = value as { format?: unknown; version?: unknown };
        if (v?.format !== SNAPSHOT_FORMAT) fail(1, 'not a demarc snapshot (no demarc-snapshot header on line 1)');
        if (v.version !== SNAPSHOT_VERSION) {
          fail(1, `snapshot format version ${String(v.version)} is not supported (this demarc reads version ${SNAPSHOT_VERSION})`, 'collect again with this version, or use the demarc version that wrote it');
        }
        if (!h.success) fail(1, `invalid header: ${h.error.issues[0]?.message}`, undefined, formatPath(h.error.issues[0]?.path ?? []));
        estate.createdAt = h.data!.createdAt;
        continue;
      }
      if (fastAccepts(value)) {
        if ((value as { kind: string }).kind === 'person') {
          const { kind: _k, ...person } = value as Person & { kind: string };
          estate.persons.push(person);
        } else estate.principals.push(value as PrincipalNode);
        continue;
      }
      const parsed = SnapshotLine.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        fail(n, `invalid record: ${issue.message}`, undefined, formatPath(issue.path));
      }
      const rec = parsed.data!;
      add(estate, rec, n, fail);
      if (rec.kind === 'end') {
        ended = true;
        if (rec.principals !== estate.principals.length) fail(n, `end record counts ${rec.principals} principals but the file holds ${estate.principals.length}`);
      }
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read snapshot: ${errorMessage(e)}`, { file: path, line: n || undefined });
  }
  if (n === 0) fail(1, 'empty file: not a demarc snapshot');
  if (!ended) fail(n, 'the snapshot ends without its end record: the file is truncated', 'copy the file again or recollect');
  checkReferences(estate, path);
  return estate;
}

function add(estate: Estate, rec: SnapshotLine, line: number, fail: (line: number, m: string) => never): void {
  switch (rec.kind) {
    case 'header':
      return fail(line, 'a second header');
    case 'source': {
      const { kind: _k, sourceKind, ...rest } = rec;
      estate.sources.push({ ...rest, kind: sourceKind });
      return;
    }
    case 'account':
    case 'group':
    case 'foreign':
      estate.principals.push(rec as PrincipalNode);
      return;
    case 'role':
      estate.roleAssignments.push(rec);
      return;
    case 'app':
      estate.applications.push(rec);
      return;
    case 'link': {
      const { kind: _k, linkKind, ...rest } = rec;
      estate.links.push({ ...rest, kind: linkKind });
      return;
    }
    case 'person': {
      const { kind: _k, ...rest } = rec;
      estate.persons.push(rest);
      return;
    }
    case 'tool': {
      const { kind: _k, ...rest } = rec;
      estate.tools.push(rest);
      return;
    }
    case 'mapping': {
      const { kind: _k, ...rest } = rec;
      estate.mappings.push(rest);
      return;
    }
    case 'record': {
      const { kind: _k, ...rest } = rec;
      estate.records.push(rest);
      return;
    }
    case 'end':
      return;
  }
}

/** Every index must point at a principal, and every record at a source the snapshot holds. */
function checkReferences(estate: Estate, file: string): void {
  const n = estate.principals.length;
  const sources = new Set(estate.sources.map((s) => s.id));
  const bad = (what: string): never => {
    throw new InputError(`broken snapshot: ${what}`, { file }, 'the file was edited or corrupted; recollect it');
  };
  for (const p of estate.principals) {
    if (!sources.has(p.source)) bad(`principal ${p.id} names unknown source ${p.source}`);
    if (p.kind === 'group') for (const m of p.members) if (m >= n) bad(`group ${p.id} has member index ${m} beyond ${n - 1}`);
    if (p.kind === 'account') for (const o of p.ownerRefs ?? []) if (o >= n) bad(`account ${p.id} has owner index ${o} beyond ${n - 1}`);
  }
  for (const r of estate.roleAssignments) if (r.p >= n) bad(`role assignment ${r.id} has principal index ${r.p} beyond ${n - 1}`);
  for (const a of estate.applications) for (const o of a.ownerRefs) if (o >= n) bad(`application ${a.id} has owner index ${o} beyond ${n - 1}`);
}
