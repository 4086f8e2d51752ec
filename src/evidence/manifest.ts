import { z } from 'zod';
import { SnapshotProvenance } from '../model/source.js';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig.json';
/** The run history the audit read (CIP-004-7 R4.2), when it read one. */
export const HISTORY_FILE = 'history.json';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** A path inside the bundle: relative, forward slashes, no "..". */
const BundlePath = z.string().regex(/^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._\-/]+$/, 'a relative path inside the bundle');

export const ManifestFile = z.object({ path: BundlePath, sha256: Sha256, bytes: z.number().int().nonnegative() }).strict();

/**
 * What the bundle holds and how it was produced. Every other file of the bundle is listed with its
 * SHA-256; the signature (if any) covers this file's exact bytes.
 */
export const Manifest = z
  .object({
    format: z.literal('demarc-evidence'),
    version: z.literal(1),
    tool: z.object({ name: z.literal('demarc'), version: z.string() }).strict(),
    createdAt: z.iso.datetime(),
    evaluatedAt: z.iso.datetime(),
    timeZone: z.string(),
    calendarQuarter: z.string(),
    organization: z.string().optional(),
    operator: z.object({ user: z.string(), host: z.string() }).strict(),
    command: z.array(z.string()),
    complete: z.boolean(),
    findings: z.object({ total: z.number().int(), open: z.number().int(), excepted: z.number().int() }).strict(),
    config: z
      .object({
        file: z.string(),
        sha256: Sha256,
        copy: BundlePath,
        exceptions: z.object({ file: z.string(), sha256: Sha256, copy: BundlePath }).strict().optional(),
      })
      .strict(),
    policies: z.array(
      z.object({ pack: z.string(), file: z.string(), sha256: Sha256, copy: BundlePath, disabled: z.array(z.string()) }).strict(),
    ),
    snapshot: z.object({ copy: BundlePath, createdAt: z.string() }).strict(),
    /** The run history the audit read (audit --baseline or history.stateDir); absent when it read none. */
    history: z.object({ copy: BundlePath, stateDir: z.string(), runs: z.number().int().nonnegative() }).strict().optional(),
    sources: z.array(
      z
        .object({
          id: z.string(),
          kind: z.string(),
          flavor: z.string().optional(),
          endpoint: z.string().optional(),
          tenantId: z.string().optional(),
          tenantName: z.string().optional(),
          domainName: z.string().optional(),
          baseDns: z.array(z.string()).optional(),
          file: z.string().optional(),
          sha256: z.string().optional(),
          collectedAt: z.string(),
          complete: z.boolean(),
          counts: z.record(z.string(), z.number()),
          snapshot: SnapshotProvenance.strict().optional(),
        })
        .strict(),
    ),
    files: z.array(ManifestFile),
    /** The digest the report prints in every page footer (see manifest-digest.ts); absent in older bundles. */
    reportDigest: Sha256.optional(),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

export const SignatureFile = z
  .object({
    algorithm: z.literal('Ed25519'),
    signs: z.literal(MANIFEST_FILE),
    publicKey: z.string().describe('SPKI PEM of the signing key.'),
    publicKeyFingerprint: z.string().describe('SHA-256 of the DER SPKI, hex.'),
    signature: z.string().describe('Base64 Ed25519 signature of the exact bytes of manifest.json.'),
  })
  .strict();
export type SignatureFile = z.infer<typeof SignatureFile>;
