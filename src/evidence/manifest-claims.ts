import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calendarQuarter } from '../util/calendar.js';
import type { Estate } from '../estate/estate.js';
import type { Report } from '../model/findings.js';
import { sha256 } from '../util/files.js';
import type { Manifest } from './manifest.js';
import { manifestSource } from './manifest-sources.js';

/** JSON with keys sorted at every level: field order never counts as a difference. */
const canonical = (v: unknown): string =>
  v === undefined
    ? 'nothing'
    : JSON.stringify(v, (_k, x: unknown) =>
        x && typeof x === 'object' && !Array.isArray(x)
          ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          : x,
      );

const claim = (name: string, says: unknown, actual: unknown, where: string): string | undefined =>
  canonical(says) === canonical(actual)
    ? undefined
    : `manifest claim ${name}: the manifest says ${canonical(says)}, ${where} says ${canonical(actual)}`;

/**
 * Checks what the manifest says about the run against what the bundle itself holds. The file hashes only
 * show that the other files are the ones the manifest lists; without a signature nothing protects the
 * manifest's own statements (sources, endpoints, tenants, counts, times), so each is recomputed from the
 * stored snapshot, findings, configuration and packs, and every disagreement is named.
 */
export async function checkManifestClaims(dir: string, manifest: Manifest, estate: Estate, stored: Report): Promise<string[]> {
  const out: (string | undefined)[] = [];
  const SNAP = 'the stored snapshot';
  const FINDINGS = 'findings.json';

  out.push(claim('snapshot.createdAt', manifest.snapshot.createdAt, estate.createdAt, SNAP));
  const actual = new Map(estate.sources.map((s) => [s.id, manifestSource(s)]));
  const listed = new Set<string>();
  for (const m of manifest.sources) {
    listed.add(m.id);
    const a = actual.get(m.id);
    if (!a) {
      out.push(`manifest claim sources[${m.id}]: the manifest lists this source, ${SNAP} has no source of that id`);
      continue;
    }
    const fields = [...new Set([...Object.keys(m), ...Object.keys(a)])].filter((f) => f !== 'id').sort();
    for (const f of fields) out.push(claim(`sources[${m.id}].${f}`, m[f as keyof typeof m], a[f as keyof typeof a], SNAP));
  }
  for (const id of actual.keys())
    if (!listed.has(id)) out.push(`manifest claim sources: ${SNAP} has source ${id}, which the manifest does not list`);
  if (
    canonical(manifest.sources.map((s) => s.id).filter((id) => actual.has(id))) !==
    canonical([...actual.keys()].filter((id) => listed.has(id)))
  )
    out.push(`manifest claim sources: listed in another order than ${SNAP} holds them`);

  out.push(claim('complete', manifest.complete, stored.complete, FINDINGS));
  out.push(
    claim(
      'findings',
      manifest.findings,
      { total: stored.summary.findings, open: stored.summary.open, excepted: stored.summary.excepted },
      `${FINDINGS} (summary)`,
    ),
  );
  out.push(claim('evaluatedAt', manifest.evaluatedAt, stored.run.evaluatedAt, FINDINGS));
  out.push(claim('timeZone', manifest.timeZone, stored.run.timeZone, FINDINGS));
  out.push(claim('snapshot.createdAt', manifest.snapshot.createdAt, stored.run.snapshotCreatedAt, FINDINGS));
  const quarter = (() => {
    try {
      return calendarQuarter(new Date(manifest.evaluatedAt), manifest.timeZone).label;
    } catch {
      return undefined;
    }
  })();
  out.push(claim('calendarQuarter', manifest.calendarQuarter, quarter, `the evaluation time in ${manifest.timeZone}`));

  // A missing copy is already reported as a missing file.
  const fileHash = (copy: string): Promise<string | undefined> => readFile(join(dir, copy)).then(sha256, () => undefined);
  const configHash = await fileHash(manifest.config.copy);
  if (configHash) out.push(claim('config.sha256', manifest.config.sha256, configHash, `the copy ${manifest.config.copy}`));
  if (stored.run.configSha256) out.push(claim('config.sha256', manifest.config.sha256, stored.run.configSha256, FINDINGS));
  if (manifest.config.exceptions) {
    const h = await fileHash(manifest.config.exceptions.copy);
    if (h) out.push(claim('config.exceptions.sha256', manifest.config.exceptions.sha256, h, `the copy ${manifest.config.exceptions.copy}`));
  }
  for (const p of manifest.policies) {
    const h = await fileHash(p.copy);
    if (h) out.push(claim(`policies[${p.pack}].sha256`, p.sha256, h, `the copy ${p.copy}`));
  }
  if (manifest.history) {
    const h = await readFile(join(dir, manifest.history.copy), 'utf8')
      .then((t) => JSON.parse(t) as { stateDir?: unknown; runs?: unknown })
      .catch(() => undefined);
    if (h) {
      const where = `the copy ${manifest.history.copy}`;
      out.push(claim('history.stateDir', manifest.history.stateDir, h.stateDir, where));
      out.push(claim('history.runs', manifest.history.runs, Array.isArray(h.runs) ? h.runs.length : undefined, where));
    }
  }
  out.push(
    claim(
      'policies',
      manifest.policies.map((p) => ({ pack: p.pack, file: p.file, sha256: p.sha256 })),
      stored.run.policies,
      FINDINGS,
    ),
  );
  return out.filter((x): x is string => x !== undefined);
}
