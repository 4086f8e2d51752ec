import { z } from 'zod';
import { sourceConfigBase } from '../source-config.js';
import { SecretRef } from '../../util/secrets.js';

const LdapUrl = z.string().regex(/^ldaps?:\/\/[^/]+\/?$/i, 'an ldap://host[:port] or ldaps://host[:port] URL');

export const LdapTlsConfig = z
  .object({
    caFile: z.string().min(1).optional().describe('PEM file of the CA(s) that issued the server certificate.'),
    startTls: z.boolean().default(false).describe('Upgrade an ldap:// connection with StartTLS before binding.'),
    insecureSkipVerify: z
      .boolean()
      .default(false)
      .describe('Do not verify the server certificate. Recorded in the output as a warning; never use in production.'),
    serverName: z.string().min(1).optional().describe('Host name to verify the certificate against, when it differs from the URL host.'),
  })
  .strict();

export const LdapTimeouts = z
  .object({
    connectMs: z.number().int().positive().default(10_000),
    /** Longest wait for any one response (a bind, a page of results). */
    operationMs: z.number().int().positive().default(120_000),
    /** Time limit sent to the server with every search request (seconds; 0 = the server's own limit). */
    searchTimeLimitSeconds: z.number().int().nonnegative().default(120),
  })
  .strict();

export const LdapSourceConfig = sourceConfigBase
  .extend({
    kind: z.literal('ldap'),
    url: LdapUrl.optional().describe('URL of the directory server.'),
    urls: z.array(LdapUrl).min(1).optional().describe('Replicas of the same directory, tried in order.'),
    bindDn: z.string().min(1).describe('DN (or, for Active Directory, user@domain) of the read-only account to bind as.'),
    password: SecretRef.describe('Password of bindDn, from an environment variable or a file.'),
    tls: LdapTlsConfig.default({ startTls: false, insecureSkipVerify: false }),
    baseDns: z.array(z.string().min(1)).min(1).optional().describe('Subtrees to read; default: the domain (AD) or every naming context.'),
    flavor: z.enum(['auto', 'active-directory', 'openldap']).default('auto'),
    pageSize: z.number().int().min(1).max(100_000).default(1000),
    memberRangeSize: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Active Directory: read group members in explicit ranges of this size (default: the ranges the server chooses).'),
    coveredElsewhere: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'DNs of naming contexts this server refers to that are collected as sources of their own (child domains): references to them are warnings, not gaps.',
      ),
    passwordPolicyDefault: z
      .string()
      .min(1)
      .optional()
      .describe(
        "OpenLDAP: DN of the ppolicy overlay's default policy (ppolicy_default / olcPPolicyDefault), which governs accounts without pwdPolicySubentry. cn=config is not read.",
      ),
    includeComputers: z.boolean().default(true).describe('Active Directory: collect computer accounts.'),
    timeouts: LdapTimeouts.default({ connectMs: 10_000, operationMs: 120_000, searchTimeLimitSeconds: 120 }),
    retries: z.number().int().min(0).max(10).default(2).describe('Times a collection is restarted after a lost connection or timeout.'),
    retryDelayMs: z.number().int().nonnegative().default(1000),
  })
  .strict()
  .refine((c) => (c.url ? 1 : 0) + (c.urls ? 1 : 0) === 1, { message: 'give exactly one of url or urls', path: ['url'] });
export type LdapSourceConfig = z.infer<typeof LdapSourceConfig>;

export const serverUrls = (c: LdapSourceConfig): string[] => c.urls ?? [c.url!];
