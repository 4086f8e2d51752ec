import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { sha256File } from '../util/files.js';
import type { Manifest } from './manifest.js';

/**
 * Every regular file under `dir`, as bundle paths (forward slashes), every directory, and other entries
 * (links, sockets), which are reported as such.
 */
export async function listFiles(dir: string): Promise<{ files: string[]; dirs: string[]; other: string[] }> {
  const files: string[] = [];
  const dirs: string[] = [];
  const other: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      const rel = relative(dir, full).split(sep).join('/');
      if (e.isDirectory()) {
        dirs.push(rel);
        await walk(full);
      } else if (e.isFile()) files.push(rel);
      else other.push(rel);
    }
  };
  await walk(dir);
  return { files: files.sort(), dirs: dirs.sort(), other: other.sort() };
}

/** The directories a list of bundle paths implies (`a/b/c.csv` -> `a`, `a/b`). */
const parentDirs = (paths: Iterable<string>): Set<string> => {
  const out = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) out.add(parts.slice(0, i).join('/'));
  }
  return out;
};

/** Compares the directory with the manifest's file list: every changed, missing and added file, precisely. */
export async function checkFiles(dir: string, manifest: Manifest, extra: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const { files, dirs, other } = await listFiles(dir);
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
  // A directory is part of the bundle only as the folder of a listed file: an added one, even empty, is a change.
  const expectedDirs = parentDirs(listed);
  const addedFileDirs = parentDirs(files.filter((f) => !listed.has(f)));
  for (const d of dirs)
    if (!expectedDirs.has(d) && !addedFileDirs.has(d)) problems.push(`added directory: ${d}/ (no file of the manifest is in it)`);
  for (const o of other) problems.push(`unexpected entry: ${o} (not a regular file)`);
  return problems;
}
