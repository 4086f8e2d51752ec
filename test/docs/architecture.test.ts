import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// docs/architecture.md's folder table against the tree and the layer rules, so the document cannot
// drift from the code: a folder added, removed or given new imports fails here until the table says so.
const root = resolve(import.meta.dirname, '../..');
const base = new Set(['model', 'util', 'version']);

interface Allowed {
  from: { path?: string };
  to: { path?: string };
}
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as { allowed: Allowed[] };

/** The folder names a layer rule's path pattern `^src/(a|b|c)(/|...)` lists. */
const folders = (pattern: string | undefined): string[] => /^\^src\/\(([^)]+)\)/.exec(pattern ?? '')?.[1]?.split('|') ?? [];

function mayImport(folder: string): string[] {
  const rule = config.allowed.find((r) => folders(r.from.path).includes(folder));
  if (!rule) throw new Error(`no layer rule for ${folder}`);
  return folders(rule.to.path)
    .filter((f) => f !== folder && !base.has(f))
    .sort();
}

function table(): Map<string, string[]> {
  const text = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^\| `([a-z-]+)\/` \|.*\| ([^|]+) \|$/.exec(line);
    if (!m) continue;
    const cell = m[2]!.trim();
    rows.set(m[1]!, cell === '(nothing else)' ? [] : [...cell.matchAll(/`([a-z-]+)\/`/g)].map((x) => x[1]!).sort());
  }
  return rows;
}

describe('docs/architecture.md', () => {
  it('lists every folder of src/, and only those', () => {
    const onDisk = readdirSync(join(root, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect([...table().keys()].sort()).toEqual(onDisk);
  });

  it('says for each folder what the layer rules let it import', () => {
    for (const [folder, documented] of table()) expect({ folder, imports: documented }).toEqual({ folder, imports: mayImport(folder) });
  });
});
