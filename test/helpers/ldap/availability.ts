import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const PATHS = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin'];

export function which(binary: string): string | undefined {
  for (const dir of PATHS) {
    const p = join(dir, binary);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Whether the servers a suite needs are installed. On a developer machine without them the suite is
 * skipped with the reason printed; under CI=true a missing binary fails the run instead.
 */
export function serversAvailable(suite: string, binaries: string[]): boolean {
  const missing = binaries.filter((b) => !which(b));
  if (missing.length === 0) return true;
  const reason = `${suite}: ${missing.join(', ')} not installed`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI runs must have them (apt-get install slapd ldap-utils samba)`);
  console.warn(`skipping ${reason}`);
  return false;
}
