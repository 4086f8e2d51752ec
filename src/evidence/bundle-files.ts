import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { sha256File } from '../util/files.js';
import type { Manifest } from './manifest.js';

/** Every regular file under `dir`, as bundle paths (forward slashes); other entries are reported as such. */
export async function listFiles(dir: string): Promise<{ files: string[]; other: string[] }> {
  const files: string[] = [];
  const other: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      const rel = relative(dir, full).split(sep).join('/');
      if (e.isDirectory()) await walk(full);
      else if (e.isFile()) files.push(rel);
      else other.push(rel);
    }
  };
  await walk(dir);
  return { files: files.sort(), other: other.sort() };
}

/** Compares the directory with the manifest's file list: every changed, missing and added file, precisely. */
export async function checkFiles(dir: string, manifest: Manifest, extra: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const { files, other } = await listFiles(dir);
  const present = new Set(files);
  const listed = new Set([...manifest.files.map((f) => f.path), ...extra]);
  for (const f of manifest.files) {
    if (!present.has(f.path)) {
      problems.push(`missing file: ${f.path} (listed in the manifest)`);
      continue;
    }
    const full = join(dir, f.path);
    const [hash, size] = [await sha256File(full), (await stat(full)).size];
    if (hash !== f.sha256)
      problems.push(`changed file: ${f.path}: SHA-256 ${hash} (${size} bytes), manifest says ${f.sha256} (${f.bytes} bytes)`);
  }
  for (const f of files) if (!listed.has(f)) problems.push(`added file: ${f} (not in the manifest)`);
  for (const o of other) problems.push(`unexpected entry: ${o} (not a regular file)`);
  return problems;
}
