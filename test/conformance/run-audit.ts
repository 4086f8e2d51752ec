import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pkiFile } from '../graph-emulator/server.js';
import { ROOT } from '../helpers/cli.js';
import { fixture } from './paths.js';
import type { ScoredReport } from './score.js';

const BIN = join(ROOT, 'dist/cli/main.js');
/** The address demarc.yaml names for the Graph and login host; the emulator listens on a port of its own. */
const CONFIGURED_HOST = 'https://graph.northfield.test';
const RECORD_FILES = [
  'hr-roster.csv',
  'tool-inventory.csv',
  'account-mapping.csv',
  'records/authorizations.csv',
  'records/privilege-catalogue.csv',
];

export interface AuditRun {
  code: number;
  stdout: string;
  stderr: string;
  report?: ScoredReport;
}

/**
 * A working copy of fixtures/conformance as a user's directory: the configuration with the emulator's address
 * and the CA file's path filled in, and the record files beside it.
 */
export function conformanceWorkspace(graphUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'demarc-conformance-'));
  mkdirSync(join(dir, 'records'));
  for (const f of RECORD_FILES) copyFileSync(fixture(f), join(dir, f));
  const config = readFileSync(fixture('demarc.yaml'), 'utf8')
    .split(CONFIGURED_HOST)
    .join(graphUrl)
    .split('../entra/pki/ca.pem')
    .join(pkiFile('ca.pem'));
  writeFileSync(join(dir, 'demarc.yaml'), config);
  return dir;
}

/** Runs the built CLI without blocking this process (the Graph emulator answers from it). */
function demarcAsync(args: string[], env: Record<string, string>, cwd: string): Promise<Omit<AuditRun, 'report'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `demarc audit -f json` straight from the live sources; the report is absent when none was written. */
export async function auditLive(dir: string, env: Record<string, string>, now: string): Promise<AuditRun> {
  const out = join(dir, 'findings.json');
  const r = await demarcAsync(['audit', '-c', join(dir, 'demarc.yaml'), '-f', 'json', '-o', out, '--now', now], env, dir);
  if (!existsSync(out)) return r;
  return { ...r, report: JSON.parse(readFileSync(out, 'utf8')) as ScoredReport };
}
