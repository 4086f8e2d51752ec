import { z } from 'zod';

/** Where a record set came from. Every finding can be traced back to one of these. */
export const SourceKind = z.enum(['entra', 'ldap', 'ldif', 'csv', 'normalized']);
export type SourceKind = z.infer<typeof SourceKind>;

export const SourceProblem = z.object({
  /** `incomplete` problems make the whole run incomplete (exit 3); `warning` ones are reported only. */
  level: z.enum(['incomplete', 'warning']),
  code: z.string().min(1),
  message: z.string().min(1),
});
export type SourceProblem = z.infer<typeof SourceProblem>;

export const NotCollected = z.object({
  what: z.string().min(1),
  reason: z.string().min(1),
});

export const CollectionStats = z
  .object({
    requests: z.number().int().nonnegative(),
    retries: z.number().int().nonnegative(),
    throttleWaitMs: z.number().nonnegative(),
    durationMs: z.number().nonnegative(),
  })
  .partial();

/** Who ran a collection: the operating-system user and host, as the evidence manifest names its operator. */
export const Collector = z.object({ user: z.string(), host: z.string() });
export type Collector = z.infer<typeof Collector>;

/**
 * Where a source merged from a snapshot file came from: the configured `snapshot` source, the file and its
 * SHA-256, when and by whom the snapshot was written, and the key that signed it (if it was verified).
 */
export const SnapshotProvenance = z.object({
  via: z.string().describe('Id of the configured `snapshot` source.'),
  file: z.string(),
  sha256: z.string(),
  createdAt: z.iso.datetime().describe('UTC time the snapshot was written.'),
  collectedBy: Collector.optional(),
  signedBy: z.string().optional().describe('SHA-256 fingerprint of the Ed25519 public key whose signature was verified.'),
});
export type SnapshotProvenance = z.infer<typeof SnapshotProvenance>;

export const Source = z.object({
  id: z.string().min(1).describe('Configuration id of the source, e.g. "it-ad".'),
  kind: SourceKind,
  flavor: z.string().optional().describe('e.g. active-directory, openldap, entra-id, roster, tools.'),
  origin: z
    .object({
      endpoint: z.string().optional(),
      cloud: z.string().optional(),
      tenantId: z.string().optional(),
      tenantName: z.string().optional(),
      baseDns: z.array(z.string()).optional(),
      domainSid: z.string().optional(),
      domainName: z.string().optional(),
      file: z.string().optional(),
      sha256: z.string().optional(),
      tlsVerified: z.boolean().optional(),
    })
    .describe('Endpoint, tenant, base DNs or file (with SHA-256) the records came from.'),
  collectedAt: z.iso.datetime().describe('UTC time the collection finished.'),
  complete: z.boolean().describe('False when anything that should have been read was not.'),
  problems: z.array(SourceProblem).default([]),
  notCollected: z.array(NotCollected).default([]),
  counts: z.record(z.string(), z.number().int().nonnegative()).default({}),
  stats: CollectionStats.optional(),
  snapshot: SnapshotProvenance.optional().describe(
    'Set when the source was merged from a snapshot (a `snapshot` source): the file it came from and who wrote it.',
  ),
});
export type Source = z.infer<typeof Source>;
