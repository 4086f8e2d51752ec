import { resolve } from 'node:path';
import { z } from 'zod';
import { defineConnector } from '../connector.js';
import { sourceConfigBase } from '../source-config.js';
import { sha256 } from '../../util/files.js';
import type { SourceProblem } from '../../model/source.js';
import { DirectoryRecordsBuilder, type Flavor } from '../ldap/normalize/directory-records.js';
import { domainSidFromAccounts, toCollectedSource } from '../ldap/normalize/collected-source.js';
import { isCoveredReference, isIgnorableReference } from '../ldap/normalize/references.js';
import { managerProblems } from '../ldap/normalize/manager-problems.js';
import { LdifParser, type LdifItem } from './ldif-parser.js';
import { hasActiveDirectoryMarkers, readLdifFile } from './ldif-file.js';

export const LdifSourceConfig = sourceConfigBase
  .extend({
    kind: z.literal('ldif'),
    files: z.array(z.string().min(1)).min(1).describe('LDIF exports of one directory (ldapsearch -LLL or ldifde).'),
    flavor: z
      .enum(['auto', 'active-directory', 'openldap'])
      .default('auto')
      .describe('auto: Active Directory when entries carry objectGUID, objectSid or sAMAccountName.'),
    coveredElsewhere: z
      .array(z.string().min(1))
      .default([])
      .describe('DNs of referred naming contexts (child domains) exported and configured as sources of their own.'),
    passwordPolicyDefault: z
      .string()
      .min(1)
      .optional()
      .describe("OpenLDAP: DN of the ppolicy overlay's default policy, which governs accounts without pwdPolicySubentry."),
  })
  .strict();
export type LdifSourceConfig = z.infer<typeof LdifSourceConfig>;

/** auto: Active Directory when an entry of any file carries objectGUID, objectSid or sAMAccountName. */
async function detectFlavor(paths: string[]): Promise<Flavor> {
  for (const p of paths) if (await hasActiveDirectoryMarkers(p)) return 'active-directory';
  return 'openldap';
}

const listed = (xs: string[], max = 5): string => xs.slice(0, max).join('; ') + (xs.length > max ? ` and ${xs.length - max} more` : '');

export const ldifConnector = defineConnector({
  kind: 'ldif',
  configSchema: LdifSourceConfig,
  async collect(config, ctx) {
    const started = Date.now();
    const paths = config.files.map((f) => resolve(ctx.baseDir, f));
    // The flavor decides how each entry is read, so it is known before the first one: entries are
    // normalised as they are parsed and never held all at once.
    const flavor = config.flavor === 'auto' ? await detectFlavor(paths) : config.flavor;
    // Repeats (the same entry in two files) are told by the parsers' shared record of DNs.
    const builder = new DirectoryRecordsBuilder(config.id, flavor, { ppolicyDefault: config.passwordPolicyDefault });
    const seen = new Map<string, number>();
    let lines = 0;
    const references: string[] = [];
    const hashes: string[] = [];
    let entries = 0;
    const take = (item: LdifItem): void => {
      if (item.type === 'entry') {
        entries++;
        if (!item.repeat) builder.add(item.entry);
      } else references.push(item.url);
    };
    for (const [k, path] of paths.entries()) {
      const parser = new LdifParser(path, seen, lines);
      const read = await readLdifFile(path, (text) => {
        for (const item of parser.feed(text)) take(item);
      });
      for (const item of parser.end()) take(item);
      lines = parser.lines;
      hashes.push(read.sha256);
      ctx.progress(`${config.id}: ${entries} entries read from ${config.files[k]}`, {
        source: config.id,
        phase: 'entries',
        count: entries,
      });
    }
    const records = builder.finish();

    const problems: SourceProblem[] = [];
    const files = config.files.join(', ');
    if (entries === 0) {
      problems.push({
        level: 'incomplete',
        code: 'ldif-empty',
        message: `${files}: no entries found; check the export command and its filter`,
      });
    }
    if (builder.pendingRanges.length) {
      problems.push({
        level: 'incomplete',
        code: 'ldif-member-range',
        message:
          `${files}: the member values of ${builder.pendingRanges.length} group(s) were exported only in part ` +
          `(member;range=...): ${listed(builder.pendingRanges.map((p) => p.dn))}. ` +
          'Export large groups with ldifde, which reads every range, or collect the directory live.',
      });
    }
    const unfollowed = references.filter((r) => !isIgnorableReference(r) && !isCoveredReference(r, config.coveredElsewhere));
    if (unfollowed.length) {
      problems.push({
        level: 'incomplete',
        code: 'ldif-referral',
        message: `${files}: the export contains references to data it does not include: ${listed(unfollowed)}. Export those directories as well, add them as sources and list them in coveredElsewhere.`,
      });
    }
    problems.push(...managerProblems(records.managers, files, false));
    const domainSid = flavor === 'active-directory' ? (records.domainSid ?? domainSidFromAccounts(records)) : undefined;
    return toCollectedSource(records, {
      id: config.id,
      kind: 'ldif',
      flavor,
      origin: {
        file: files,
        // One file: its SHA-256. Several: the SHA-256 of their hashes, in configuration order.
        sha256: hashes.length === 1 ? hashes[0] : sha256(hashes.join('\n')),
        domainSid,
        domainName: records.domainName,
      },
      collectedAt: ctx.now.toISOString(),
      problems,
      stats: { durationMs: Date.now() - started },
    });
  },
});
