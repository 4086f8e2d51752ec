import { readdir } from 'node:fs/promises';
import { createDirAtomically } from '../util/atomic-write.js';
import { hostname, userInfo } from 'node:os';
import { basename } from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import { buildContext } from '../engine/build-context.js';
import type { RuleContext } from '../engine/context.js';
import type { Estate } from '../estate/estate.js';
import type { Report } from '../model/findings.js';
import { evaluatePacks } from '../policy/evaluate.js';
import type { LoadedPack } from '../policy/load-packs.js';
import type { Population } from '../rules/rule-kind.js';
import { snapshotLines } from '../snapshot/write-snapshot.js';
import { calendarQuarter } from '../util/calendar.js';
import { InputError } from '../util/errors.js';
import { jsonDocumentChunks } from '../report/formats/json.js';
import { TOOL_VERSION } from '../version.js';
import { populationCsv } from './csv.js';
import { BundleWriter } from './bundle-writer.js';
import { evidenceHtmlChunks } from './html.js';
import { manifestDigest, REPORT_FILE } from './manifest-digest.js';
import { HISTORY_FILE, MANIFEST_FILE, SIGNATURE_FILE, type Manifest } from './manifest.js';
import { manifestSource } from './manifest-sources.js';
import { evidenceMarkdown } from './markdown.js';
import { requirementSections } from './requirements.js';
import { loadSigningKey, signManifest } from './signing.js';

export interface EvidenceInput {
  loaded: LoadedConfig;
  estate: Estate;
  report: Report;
  packs: readonly LoadedPack[];
  /** The populations the audit's rules reported, by rule id (`runAudit(…).populations`). */
  populations?: ReadonlyMap<string, Population>;
  /**
   * Without `populations`, the packs are evaluated once more on this context (the one the report was
   * evaluated with; rebuilt from estate and config when absent) to obtain them: rules are pure, so they
   * are the populations the report's findings came from.
   */
  context?: RuleContext;
  /** The command line, as run (process.argv); secrets never appear there (they come from env or files). */
  argv: readonly string[];
  /** PEM Ed25519 private key: signs manifest.json into manifest.sig.json. */
  signKeyFile?: string;
  /**
   * The findings document (`--format json`) of this report that the run has just written, with the
   * SHA-256 and size it was written with: copied into the bundle instead of being made again.
   */
  findingsFile?: { file: string; sha256: string; bytes: number };
  /** Clock for the manifest's creation time (tests). */
  clock?: () => Date;
}

export interface EvidenceResult {
  dir: string;
  files: string[];
  signed: boolean;
  publicKeyFingerprint?: string;
}

export function operator(): { user: string; host: string } {
  let user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep the environment's name
  }
  return { user, host: hostname() };
}

/** Throws unless `dir` does not exist or is empty: a bundle never mixes with files of another run. */
export async function ensureNewDir(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new InputError(`cannot use evidence directory: ${e.code}`, { file: dir });
  });
  if (entries && entries.length > 0)
    throw new InputError(
      'the evidence directory is not empty',
      { file: dir },
      'give a new directory for each bundle, so nothing of an older run is mixed in',
    );
}

/**
 * Writes the evidence bundle: snapshot, findings, HTML report, Markdown summary, one CSV population per
 * requirement, copies of the configuration and packs, and manifest.json with the SHA-256 of every file
 * (optionally signed). Every file owner-only (0600), directories 0700: the content may be BCSI.
 */
export async function writeEvidenceBundle(dir: string, input: EvidenceInput): Promise<EvidenceResult> {
  const key = input.signKeyFile ? await loadSigningKey(input.signKeyFile) : undefined;
  await ensureNewDir(dir);
  // Built in a directory beside `dir` and renamed into place: a bundle is complete or absent.
  const result = await createDirAtomically(dir, (tmp) => writeBundleFiles(tmp, input, key, basename(dir)));
  return { ...result, dir };
}

async function writeBundleFiles(
  dir: string,
  input: EvidenceInput,
  key: Awaited<ReturnType<typeof loadSigningKey>> | undefined,
  bundle: string,
): Promise<EvidenceResult> {
  const { loaded, estate, report, packs } = input;
  const now = new Date(report.run.evaluatedAt);
  // The run history the audit read (CIP-004-7 R4.2), stored as history.json.
  const history = loaded.history;
  const populations =
    input.populations ?? evaluatePacks(input.context ?? buildContext(estate, loaded.config, now, loaded.history), packs, []).populations;
  const sections = requirementSections(report, populations);
  const op = operator();
  const quarter = calendarQuarter(now, report.run.timeZone).label;
  const out = new BundleWriter(dir);

  await out.chunks(SNAPSHOT_FILE, snapshotLines(estate));
  // The findings document as `audit --format json` writes it (its bytes do not depend on the output's
  // options). One this run has just written is copied when it is still those bytes; else it is made again.
  const copied = input.findingsFile && (await out.copyOf(FINDINGS_FILE, input.findingsFile.file, input.findingsFile));
  if (!copied) await out.chunks(FINDINGS_FILE, jsonDocumentChunks(report, { color: false, width: 100 }));
  // The history the R4.2 rule read, so `demarc verify` re-evaluates it with the same runs.
  if (history) await out.text(HISTORY_FILE, `${JSON.stringify(history, null, 2)}\n`);
  await out.text('summary.md', evidenceMarkdown(report, sections, { quarter, operator: `${op.user}@${op.host}` }));
  for (const s of sections) if (s.populations.length) await out.text(`populations/${s.slug}.csv`, populationCsv(s));
  const configCopy = `config/${safeName(basename(loaded.file))}`;
  await out.text(configCopy, loaded.text);
  let exceptions: Manifest['config']['exceptions'];
  if (loaded.exceptionsFile) {
    const copy = `config/exceptions-${safeName(basename(loaded.exceptionsFile.file))}`;
    await out.text(copy, loaded.exceptionsFile.text);
    exceptions = { file: loaded.exceptionsFile.file, sha256: loaded.exceptionsFile.sha256, copy };
  }
  const policies: Manifest['policies'] = [];
  for (const p of packs) {
    const copy = `policies/${p.pack.pack}.yaml`;
    await out.text(copy, p.text);
    policies.push({ pack: p.pack.pack, file: p.file, sha256: p.sha256, copy, disabled: [...p.disabled] });
  }

  const files: Manifest['files'] = out.written;
  const written = files.map((f) => f.path);
  // The report is written last: every page's footer carries the digest of the other files' entries.
  const digest = manifestDigest(files);
  files.push(
    await out.chunks(
      REPORT_FILE,
      evidenceHtmlChunks(report, sections, {
        organization: loaded.config.organization,
        quarter,
        operator: `${op.user}@${op.host}`,
        bundle,
        digest,
      }),
    ),
  );
  written.push(REPORT_FILE);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest: Manifest = {
    format: 'demarc-evidence',
    version: 1,
    tool: { name: 'demarc', version: TOOL_VERSION },
    createdAt: (input.clock?.() ?? new Date()).toISOString(),
    evaluatedAt: report.run.evaluatedAt,
    timeZone: report.run.timeZone,
    calendarQuarter: quarter,
    ...(loaded.config.organization ? { organization: loaded.config.organization } : {}),
    operator: op,
    command: [...input.argv],
    complete: report.complete,
    findings: { total: report.summary.findings, open: report.summary.open, excepted: report.summary.excepted },
    config: { file: loaded.file, sha256: loaded.sha256, copy: configCopy, ...(exceptions ? { exceptions } : {}) },
    policies,
    snapshot: { copy: SNAPSHOT_FILE, createdAt: estate.createdAt },
    ...(history ? { history: { copy: HISTORY_FILE, stateDir: history.stateDir, runs: history.runs.length } } : {}),
    sources: estate.sources.map(manifestSource),
    files,
    reportDigest: digest,
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  await out.text(MANIFEST_FILE, manifestBytes);
  const result: EvidenceResult = { dir, files: [...written, MANIFEST_FILE], signed: false };
  if (key) {
    const sig = signManifest(manifestBytes, key);
    await out.text(SIGNATURE_FILE, `${JSON.stringify(sig, null, 2)}\n`);
    result.files.push(SIGNATURE_FILE);
    result.signed = true;
    result.publicKeyFingerprint = sig.publicKeyFingerprint;
  }
  // Every file and folder on disk before the directory is renamed into place.
  await out.finish();
  return result;
}

const SNAPSHOT_FILE = 'snapshot.jsonl';
const FINDINGS_FILE = 'findings.json';

const safeName = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, '_');
