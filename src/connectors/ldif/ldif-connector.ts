import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { defineConnector } from '../connector.js';
import { sourceConfigBase } from '../source-config.js';
import { InputError, fileErrorCode } from '../../util/errors.js';
import { sha256 } from '../../util/files.js';
import type { SourceProblem } from '../../model/source.js';
import { DirectoryRecordsBuilder, type Flavor } from '../ldap/normalize/directory-records.js';
import { domainSidFromAccounts, toCollectedSource } from '../ldap/normalize/collected-source.js';
import { isCoveredReference, isIgnorableReference } from '../ldap/normalize/references.js';
import type { RawEntry } from '../ldap/normalize/raw-entry.js';
import { managerProblems } from '../ldap/normalize/manager-problems.js';
import { decodeLdifBytes, parseLdif } from './ldif-parser.js';

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

const AD_MARKERS = ['objectguid', 'objectsid', 'samaccountname'];
const detectFlavor = (entries: RawEntry[]): Flavor =>
  entries.some((e) => AD_MARKERS.some((a) => e.attrs.has(a))) ? 'active-directory' : 'openldap';

const listed = (xs: string[], max = 5): string => xs.slice(0, max).join('; ') + (xs.length > max ? ` and ${xs.length - max} more` : '');

export const ldifConnector = defineConnector({
  kind: 'ldif',
  configSchema: LdifSourceConfig,
  async collect(config, ctx) {
    const started = Date.now();
    const entries: RawEntry[] = [];
    const references: string[] = [];
    const hashes: string[] = [];
    for (const f of config.files) {
      const path = resolve(ctx.baseDir, f);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (e) {
        throw new InputError(`cannot read LDIF file: ${fileErrorCode(e)}`, { file: path });
      }
      hashes.push(sha256(bytes));
      for (const item of parseLdif(decodeLdifBytes(bytes, path), path)) {
        if (item.type === 'entry') entries.push(item.entry);
        else references.push(item.url);
      }
      ctx.progress(`${config.id}: ${entries.length} entries read from ${f}`, {
        source: config.id,
        phase: 'entries',
        count: entries.length,
      });
    }
    const flavor = config.flavor === 'auto' ? detectFlavor(entries) : config.flavor;
    const builder = new DirectoryRecordsBuilder(config.id, flavor, { mayRepeat: true, ppolicyDefault: config.passwordPolicyDefault });
    for (const e of entries) builder.add(e);
    const records = builder.finish();

    const problems: SourceProblem[] = [];
    const files = config.files.join(', ');
    if (entries.length === 0) {
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
