import { z } from 'zod';
import { SourceConfig } from '../connectors/registry.js';
import { Severity } from '../model/findings.js';
import { AccessReviewConfig } from './access-review.js';
import { ExceptionEntry } from './exception.js';
import { EntitlementSelector, PopulationSelector } from './selectors.js';

export const ZoneId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and "-", starting with a letter');

export const ZoneConfig = z
  .object({
    id: ZoneId,
    title: z.string().optional(),
    sources: z
      .array(z.string())
      .default([])
      .describe('Sources that reside in this zone (tool isolation, directory isolation and app ownership read residency).'),
    tenants: z.array(z.string()).default([]).describe('Entra tenant ids (or AD domain names) that reside in this zone.'),
    credentials: z
      .enum(['accounts', 'entitlements'])
      .default('accounts')
      .describe(
        'What holds this zone for zone separation: "accounts" = any enabled account of a resident source (and its groups and roles, ' +
          'unless selected into another zone); "entitlements" = only the groups and roles selected by `entitlements`.',
      ),
    entitlements: z
      .array(EntitlementSelector)
      .default([])
      .describe('Groups or roles that grant access to this zone wherever they live (e.g. an IT-tenant group granting OT remote access).'),
  })
  .strict();
export type ZoneConfig = z.infer<typeof ZoneConfig>;

/**
 * What every account of a directory has (AD Domain Users, BUILTIN\Users, ...): never a grant of a zone by
 * itself, never beyond an allowance, never the end of a chain. What it holds still propagates.
 */
export const BaselineConfig = z
  .object({
    wellKnown: z
      .union([z.boolean(), z.array(z.string())])
      .default(true)
      .describe(
        'Treat the well-known AD groups every account has as baseline: Domain Users (RID 513), Domain Computers (515), ' +
          'BUILTIN\\Users (S-1-5-32-545), Authenticated Users (S-1-5-11). true = in every source, false = nowhere, or a list of source ids.',
      ),
    entitlements: z
      .array(EntitlementSelector)
      .default([])
      .describe('Further baseline groups or roles, e.g. an Entra dynamic "all users" group.'),
  })
  .strict();
export type BaselineConfig = z.infer<typeof BaselineConfig>;

export const CorrelationKey = z.enum(['employeeId', 'mail', 'upn', 'samAccountName']);

export const CorrelationConfig = z
  .object({
    keys: z.array(CorrelationKey).min(1).default(['employeeId', 'mail', 'upn']),
    nonHuman: z
      .object({
        types: z.array(z.enum(['service', 'servicePrincipal', 'computer'])).default(['service', 'servicePrincipal', 'computer']),
        namePatterns: z
          .array(z.string())
          .default([])
          .describe('Globs on account names that mark service or shared accounts, e.g. "svc-*".'),
      })
      .strict()
      .default({ types: ['service', 'servicePrincipal', 'computer'], namePatterns: [] }),
  })
  .strict();
export type CorrelationConfig = z.infer<typeof CorrelationConfig>;

export const PolicyRef = z.union([
  z.string().describe('Name of a bundled pack (integrated-soc, federated-soc, hybrid-soc) or a path to a pack file.'),
  z.object({ pack: z.string(), disable: z.array(z.string()).default([]) }).strict(),
]);

export const AuditConfig = z
  .object({
    version: z.literal(1).describe('Configuration format version.'),
    organization: z.string().optional(),
    timeZone: z
      .string()
      .default('UTC')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone such as America/Chicago')
      .describe("The organisation's time zone, for calendar arithmetic."),
    sources: z.array(SourceConfig).default([]),
    zones: z.array(ZoneConfig).min(1).max(31),
    baseline: BaselineConfig.default({ wellKnown: true, entitlements: [] }).describe(
      'Entitlements every account has, which are not entitlements for zone separation.',
    ),
    populations: z.record(z.string(), PopulationSelector).default({}).describe('Named sets of persons that rules scope to.'),
    entitlementSets: z
      .record(z.string(), z.array(EntitlementSelector))
      .default({})
      .describe('Named sets of entitlements that rules refer to.'),
    correlation: CorrelationConfig.default({
      keys: ['employeeId', 'mail', 'upn'],
      nonHuman: { types: ['service', 'servicePrincipal', 'computer'], namePatterns: [] },
    }),
    policies: z.array(PolicyRef).min(1),
    exceptions: z
      .union([z.string(), z.array(ExceptionEntry)])
      .default([])
      .describe('Inline exceptions or the path of an exceptions file.'),
    failOn: Severity.default('high').describe('Lowest severity of an open finding that makes the run exit 1.'),
    vendors: z
      .array(z.object({ name: z.string().min(1), tenants: z.array(z.string().min(1)).min(1) }).strict())
      .default([])
      .describe("Third parties (a vendor's SaaS) whose tenants may own a tool's application: not a violation."),
    accessReview: AccessReviewConfig.optional().describe('Access review campaigns (demarc review create): what is reviewed and by whom.'),
    history: z
      .object({
        stateDir: z
          .string()
          .min(1)
          .describe(
            'The state directory `audit --baseline` keeps (relative to this file): its runs show the CIP-004-7 R4.2 verification of each calendar quarter. Read, never written; --baseline given on the command line is read instead.',
          ),
      })
      .strict()
      .optional()
      .describe('Where the run history is read from when the audit is not given --baseline.'),
  })
  .strict();
export type AuditConfig = z.infer<typeof AuditConfig>;
