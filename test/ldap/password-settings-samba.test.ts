import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectedSource } from '../../src/model/collected.js';
import { passwordPolicyResolver } from '../../src/rules/cip/password-policy-resolution.js';
import { serversAvailable, which } from '../helpers/ldap/availability.js';
import { collectLdap } from '../helpers/ldap/context.js';
import { run, stopDaemon } from '../helpers/ldap/processes.js';
import { ALPHA, forestOf, provision, SAMBA_BINARIES, startForest, waitReady } from '../helpers/ldap/samba.js';
import { estateOf } from '../helpers/estate-builder.js';
import type { ChildProcess } from 'node:child_process';

/**
 * A real Samba AD DC (run under flock /tmp/demarc-servers.lock: it binds 127.0.0.5:389). Two PSOs are
 * created with `samba-tool domain passwordsettings pso create` and linked with `pso apply`, one to a global
 * group, one to a user, then read back over LDAP. Expected from Microsoft Learn (fine-grained password
 * policies; msDS-ResultantPSO, MS-ADTS 3.1.1.4.5.36): the user-linked PSO governs its user even with a
 * higher precedence; the group member gets the group's PSO; everyone else the domain policy, which a new
 * Samba domain provisions with minPwdLength 7, complexity on, lockoutThreshold 0 and maxPwdAge 42 days
 * (samba-tool domain passwordsettings show).
 */
const available = serversAvailable('Samba password settings', SAMBA_BINARIES);
const dir = mkdtempSync(join(tmpdir(), 'demarc-pso-'));
const forest = forestOf(ALPHA, join(dir, 'alpha'));
let samba: ChildProcess | undefined;
let collected: CollectedSource;

const tool = (...args: string[]) =>
  run(which('samba-tool')!, [...args, `--configfile=${join(forest.dir, 'etc', 'smb.conf')}`, '-H', join(forest.dir, 'private', 'sam.ldb')]);

describe.skipIf(!available)('fine-grained password policies read from Samba AD', () => {
  beforeAll(async () => {
    await provision(ALPHA, forest.dir);
    await tool('user', 'create', 'op1', 'Op1-Pass!demarc9');
    await tool('user', 'create', 'admin1', 'Adm1-Pass!demarc9');
    // samba-tool group add creates a global security group by default.
    await tool('group', 'add', 'BCS-Operators');
    await tool('group', 'addmembers', 'BCS-Operators', 'op1,admin1');
    await tool(
      'domain',
      'passwordsettings',
      'pso',
      'create',
      'PSO-Operators',
      '20',
      '--min-pwd-length=12',
      '--complexity=on',
      '--account-lockout-threshold=5',
    );
    await tool(
      'domain',
      'passwordsettings',
      'pso',
      'create',
      'PSO-Admin',
      '40',
      '--min-pwd-length=16',
      '--complexity=on',
      '--account-lockout-threshold=3',
    );
    await tool('domain', 'passwordsettings', 'pso', 'apply', 'PSO-Operators', 'BCS-Operators');
    await tool('domain', 'passwordsettings', 'pso', 'apply', 'PSO-Admin', 'admin1');
    samba = startForest(forest);
    await waitReady(forest);
    collected = await collectLdap(
      { id: 'alpha', url: forest.url, bindDn: forest.adminDn, baseDns: [forest.baseDn], flavor: 'active-directory' },
      forest.adminPw,
    );
  }, 180_000);
  afterAll(async () => {
    await stopDaemon(samba);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the domain policy and both PSOs with their settings and links', () => {
    expect(collected.source.complete, JSON.stringify(collected.source.problems)).toBe(true);
    const domain = collected.passwordPolicies.find((p) => p.kind === 'ad-domain');
    expect(domain).toMatchObject({ minLength: 7, complexity: true, lockoutThreshold: 0, maxAgeSeconds: 42 * 86_400 });
    const psos = collected.passwordPolicies.filter((p) => p.kind === 'ad-pso').sort((a, b) => a.precedence! - b.precedence!);
    expect(psos.map((p) => [p.name, p.precedence, p.minLength, p.complexity, p.lockoutThreshold])).toEqual([
      ['PSO-Operators', 20, 12, true, 5],
      ['PSO-Admin', 40, 16, true, 3],
    ]);
    expect(psos[0]!.appliesTo).toEqual([`CN=BCS-Operators,CN=Users,${forest.baseDn}`]);
    expect(psos[1]!.guid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('resolves each account as AD does: user-linked beats group-linked, the rest get the domain policy', () => {
    const estate = estateOf(collected);
    const resolver = passwordPolicyResolver(estate);
    const of = (sam: string) => {
      const i = estate.principals.toArray().findIndex((p) => p.kind === 'account' && p.samAccountName === sam);
      return resolver.resolve(i).policy?.name;
    };
    expect([of('op1'), of('admin1'), of('demarc-reader')]).toEqual(['PSO-Operators', 'PSO-Admin', 'Default domain password policy']);
  });
});
