import { readFileSync } from 'node:fs';

/** The package version, read once from package.json next to the compiled code. */
export const TOOL_VERSION: string = (() => {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'demarc' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate: the layout differs between src/ (tests) and dist/
    }
  }
  return '0.0.0';
})();
