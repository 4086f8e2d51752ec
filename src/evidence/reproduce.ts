import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { AuditConfig } from '../config/audit-config.js';
import { ExceptionsFile } from '../config/exception.js';
import type { LoadedConfig } from '../config/load-config.js';
import { parseDocument } from '../util/parse-document.js';
import { auditWithPacks } from '../audit/run-audit.js';
import type { Finding, Report, RuleResult } from '../model/findings.js';
import { loadPack } from '../policy/load-packs.js';
import { readSnapshot } from '../snapshot/read-snapshot.js';
import { sha256 } from '../util/files.js';
import { sameJson } from '../util/same-json.js';
import type { Estate } from '../estate/estate.js';
import type { Manifest } from './manifest.js';
import { VerificationHistory } from '../model/verification-history.js';

/** Stored configuration and exceptions, as the audit loaded them (paths resolved inside the bundle). */
async function storedConfig(dir: string, manifest: Manifest): Promise<LoadedConfig> {
  const file = join(dir, manifest.config.copy);
  const text = await readFile(file, 'utf8');
  const config = parseDocument(text, file, AuditConfig);
  let exceptions = typeof config.exceptions === 'string' ? [] : config.exceptions;
  let exceptionsFile: LoadedConfig['exceptionsFile'];
  if (manifest.config.exceptions) {
    const ef = join(dir, manifest.config.exceptions.copy);
    const etext = await readFile(ef, 'utf8');
    exceptions = parseDocument(etext, ef, ExceptionsFile).exceptions;
    exceptionsFile = { file: ef, sha256: sha256(etext), text: etext };
  }
  // The run history the audit read, as stored: the bundle's copy, never the directory the configuration names.
  const history = manifest.history
    ? parseDocument(await readFile(join(dir, manifest.history.copy), 'utf8'), join(dir, manifest.history.copy), VerificationHistory)
    : undefined;
  return { config, file, baseDir: dir, sha256: sha256(text), text, exceptions, exceptionsFile, ...(history ? { history } : {}) };
}

/**
 * A finding reproduces when it is the same JSON as the stored one, members in any order, without its
 * first-seen date (that comes from history, not from evaluation).
 */
const sameFinding = (f: Finding, g: Finding): boolean => {
  const { firstSeen: _f, ...a } = f;
  const { firstSeen: _g, ...b } = g;
  return sameJson(a, b);
};
const ruleLine = (r: RuleResult): string => `${r.status}/${r.findings}/${r.reason ?? ''}`;

/**
 * Re-evaluates the stored snapshot with the stored configuration and packs at the stored evaluation
 * time, and lists every difference from the stored findings (none means the bundle reproduces).
 */
export async function reproduce(dir: string, manifest: Manifest, stored: Report, snapshot?: Estate): Promise<string[]> {
  const loaded = await storedConfig(dir, manifest);
  const packs = [];
  for (const p of manifest.policies) packs.push(await loadPack(join(dir, p.copy), p.disabled));
  const estate = snapshot ?? (await readSnapshot(join(dir, manifest.snapshot.copy)));
  const { report } = auditWithPacks(loaded, estate, new Date(manifest.evaluatedAt), packs);
  const problems: string[] = [];
  const was = new Map(stored.findings.map((f) => [f.fingerprint, f]));
  const now = new Map(report.findings.map((f) => [f.fingerprint, f]));
  const label = (f: Finding): string => `${f.ruleId} ${f.subject.type} ${f.subject.id} (${f.fingerprint})`;
  for (const [fp, f] of was) {
    const g = now.get(fp);
    if (!g) problems.push(`finding not reproduced: ${label(f)}: ${f.message}`);
    else if (!sameFinding(f, g)) problems.push(`finding differs on re-evaluation: ${label(f)}`);
  }
  for (const [fp, g] of now) if (!was.has(fp)) problems.push(`re-evaluation finds what the bundle does not: ${label(g)}: ${g.message}`);
  const storedRules = new Map(stored.rules.map((r) => [r.ruleId, r]));
  for (const r of report.rules) {
    const s = storedRules.get(r.ruleId);
    if (!s) problems.push(`rule ${r.ruleId} is evaluated now but absent from the bundle's findings`);
    else if (ruleLine(s) !== ruleLine(r)) problems.push(`rule ${r.ruleId}: bundle says ${ruleLine(s)}, re-evaluation gives ${ruleLine(r)}`);
    storedRules.delete(r.ruleId);
  }
  for (const id of storedRules.keys()) problems.push(`rule ${id} is in the bundle's findings but not in the stored packs`);
  if (stored.complete !== report.complete)
    problems.push(`completeness differs: bundle says ${stored.complete}, re-evaluation gives ${report.complete}`);
  return problems;
}
