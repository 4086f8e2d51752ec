import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ldapConnector, LdapSourceConfig } from '../src/connectors/ldap/ldap-connector.js';
import { OPENLDAP_ATTRIBUTES, OPENLDAP_FILTER } from '../src/connectors/ldap/normalize/normalize-openldap.js';
import { startSlapd } from '../test/helpers/ldap/slapd.js';

const SUFFIX = 'dc=example,dc=test';
const ROUNDS = 5;

/** N entries: 90% users, 10% groups; every user in 3 groups, every tenth group nested in another. */
function estateLdif(entries: number): string {
  const groups = Math.max(1, Math.round(entries / 10));
  const users = entries - groups;
  const members: string[][] = Array.from({ length: groups }, () => []);
  const out: string[] = [
    `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n`,
  ];
  for (let i = 0; i < users; i++) {
    out.push(
      `dn: uid=user${i},ou=people,${SUFFIX}\nobjectClass: inetOrgPerson\nuid: user${i}\ncn: User ${i}\nsn: U${i}\nmail: user${i}@example.test\nemployeeNumber: ${100000 + i}\n`,
    );
    for (let k = 0; k < 3; k++) members[(i * 7 + k * 13) % groups]!.push(`uid=user${i},ou=people,${SUFFIX}`);
  }
  for (let g = 0; g < groups; g++) {
    if (g % 10 === 0 && groups > 1) members[g]!.push(`cn=group${(g + 1) % groups},ou=groups,${SUFFIX}`);
    const list = members[g]!.length ? members[g]! : [`cn=empty,${SUFFIX}`];
    out.push(
      `dn: cn=group${g},ou=groups,${SUFFIX}\nobjectClass: groupOfNames\ncn: group${g}\n${list.map((m) => `member: ${m}`).join('\n')}\n`,
    );
  }
  return out.join('\n');
}

function timeLdapsearch(url: string, bindDn: string, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const devnull = openSync('/dev/null', 'w');
    const t0 = performance.now();
    const child = spawn(
      'ldapsearch',
      [
        '-LLL',
        '-x',
        '-H',
        url,
        '-D',
        bindDn,
        '-w',
        password,
        '-b',
        SUFFIX,
        '-E',
        'pr=1000/noprompt',
        OPENLDAP_FILTER,
        ...OPENLDAP_ATTRIBUTES,
      ],
      { stdio: ['ignore', devnull, 'inherit'] },
    );
    child.on('error', reject);
    child.on('exit', (code) => {
      closeSync(devnull);
      if (code === 0) resolve(performance.now() - t0);
      else reject(new Error(`ldapsearch exited with ${code}`));
    });
  });
}

/**
 * Collects N entries from a local slapd with demarc and with `ldapsearch -LLL -E pr=1000/noprompt`
 * (same server, filter and attributes, same run) and prints both times, their ratio and peak memory.
 */
export async function benchLdap(opts: { entries: number }): Promise<void> {
  const t0 = performance.now();
  const slapd = await startSlapd({ ldif: [estateLdif(opts.entries)] });
  console.log(`ldap: ${opts.entries} entries loaded into slapd with slapadd in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const config = LdapSourceConfig.parse({
    id: 'bench',
    kind: 'ldap',
    url: slapd.url,
    bindDn: slapd.readerDn,
    password: { env: 'PW' },
    baseDns: [SUFFIX],
    pageSize: 1000,
  });
  const ctx = { baseDir: process.cwd(), now: new Date(), timeZone: 'UTC', env: { PW: slapd.readerPw }, progress: () => {}, log: () => {} };
  try {
    await timeLdapsearch(slapd.url, slapd.readerDn, slapd.readerPw); // warm the server's cache
    const demarc: number[] = [];
    const ldapsearch: number[] = [];
    let peakRss = 0;
    let peakHeap = 0;
    let memberships = 0;
    for (let round = 0; round < ROUNDS; round++) {
      ldapsearch.push(await timeLdapsearch(slapd.url, slapd.readerDn, slapd.readerPw));
      (globalThis as { gc?: () => void }).gc?.();
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 20);
      const t = performance.now();
      const out = await ldapConnector.collect(config, ctx);
      demarc.push(performance.now() - t);
      clearInterval(sampler);
      if (!out.source.complete) throw new Error(`collection incomplete: ${JSON.stringify(out.source.problems)}`);
      memberships = out.groups.reduce((n, g) => n + g.members.length, 0);
    }
    const best = (xs: number[]) => Math.min(...xs);
    const ratio = best(demarc) / best(ldapsearch);
    const mb = (b: number) => `${Math.round(b / 1048576)} MB`;
    console.log(`  entries ${opts.entries}, memberships ${memberships}, ${ROUNDS} rounds, best of each`);
    console.log(
      `  ldapsearch -LLL -E pr=1000/noprompt: ${(best(ldapsearch) / 1000).toFixed(2)} s  (runs: ${ldapsearch.map((x) => (x / 1000).toFixed(2)).join(', ')})`,
    );
    console.log(
      `  demarc ldap connector:               ${(best(demarc) / 1000).toFixed(2)} s  (runs: ${demarc.map((x) => (x / 1000).toFixed(2)).join(', ')})`,
    );
    console.log(`  ratio demarc/ldapsearch: ${ratio.toFixed(2)}x (goal <= 1.3x)`);
    console.log(
      `  peak during collection: rss ${mb(peakRss)}, heap ${mb(peakHeap)}; process maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
    );
  } finally {
    await slapd.stop();
    slapd.cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = process.argv.find((a) => a.startsWith('--entries='));
  await benchLdap({ entries: arg ? Number(arg.slice('--entries='.length)) : 20_000 });
}
