import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * An output being written when the process is interrupted (Ctrl-C, a scheduler's SIGTERM, a closed
 * terminal) leaves the old file as it was, and neither its temporary file nor its lock behind. The
 * child is the built library: it starts an atomic write, says so once the temporary file holds data,
 * and waits; the test then signals it. No timing is involved: the signal is sent after "ready".
 */
const dist = resolve('dist/util/atomic-write.js');
const root = mkdtempSync(join(tmpdir(), 'demarc-interrupt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const childFile = `
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
const { replaceAtomically, createDirAtomically } = await import(${JSON.stringify(dist)});
const [mode, target] = process.argv.slice(2);
setInterval(() => {}, 1 << 30); // the write below waits forever: keep the process alive
const forever = () => new Promise(() => {});
if (mode === 'file')
  await replaceAtomically(target, async (tmp) => { await writeFile(tmp, 'half of the new'); console.log('ready'); await forever(); });
else
  await createDirAtomically(target, async (tmp) => { await writeFile(join(tmp, 'findings.json'), '{'); console.log('ready'); await forever(); });
`;

function interrupt(mode: 'file' | 'dir', target: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: string | null }> {
  const script = join(root, 'child.mjs');
  writeFileSync(script, childFile);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, mode, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) child.kill(signal);
    });
    child.on('error', fail);
    child.on('exit', (code, sig) => done({ code, signal: sig }));
  });
}

describe('an interrupted write', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`leaves the old file and no temporary file or lock after ${signal}`, async () => {
      const dir = mkdtempSync(join(root, 'file-'));
      const target = join(dir, 'findings.json');
      writeFileSync(target, 'the old report');
      const r = await interrupt('file', target, signal);
      // Ended by the signal itself, so a shell or scheduler sees the usual 128 + n status.
      expect(r).toEqual({ code: null, signal });
      expect(readdirSync(dir)).toEqual(['findings.json']);
      expect(readFileSync(target, 'utf8')).toBe('the old report');
    });
  }

  it('leaves no half-built bundle directory or lock after SIGTERM', async () => {
    const dir = mkdtempSync(join(root, 'dir-'));
    const r = await interrupt('dir', join(dir, 'bundle'), 'SIGTERM');
    expect(r).toEqual({ code: null, signal: 'SIGTERM' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
