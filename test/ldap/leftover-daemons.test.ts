import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDaemon, stopLeftover } from '../helpers/ldap/processes.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('servers an earlier run left behind', () => {
  it('are stopped by the pid the harness registered, once', async () => {
    const name = `leftover-${process.pid}`;
    // Started and never stopped, as when a setup hook is killed.
    const child = startDaemon('sleep', ['600'], join(tmpdir(), `${name}.log`), name);
    expect(alive(child.pid!)).toBe(true);
    await expect(stopLeftover(name)).resolves.toBe(true);
    expect(alive(child.pid!)).toBe(false);
    await expect(stopLeftover(name)).resolves.toBe(false);
  });

  it('leave alone a registered pid that now runs another program', async () => {
    const name = `reused-${process.pid}`;
    mkdirSync(join(tmpdir(), 'demarc-test-daemons'), { recursive: true });
    writeFileSync(join(tmpdir(), 'demarc-test-daemons', `${name}.json`), JSON.stringify({ pid: process.pid, command: 'samba' }));
    await expect(stopLeftover(name)).resolves.toBe(false);
    expect(alive(process.pid)).toBe(true);
  });
});
