import { Duration } from 'luxon';
import { z } from 'zod';
import { SourceId, sourceConfigBase } from '../source-config.js';

/**
 * A snapshot written by `demarc collect` elsewhere (typically inside an air-gapped OT network), whose sources
 * are merged with the live and file sources of this configuration. It is not a connector: nothing is
 * collected, the file is read, verified and merged by the collector (src/audit/snapshot-sources.ts).
 */
export const SnapshotSourceConfig = sourceConfigBase
  .extend({
    kind: z.literal('snapshot'),
    file: z.string().min(1).describe('The snapshot file (.jsonl, or .jsonl.gz), relative to this configuration.'),
    sources: z
      .array(SourceId)
      .min(1)
      .describe('Ids of the sources the snapshot holds that are merged (zones and selectors name them); each must be in the file.'),
    publicKey: z
      .string()
      .min(1)
      .optional()
      .describe('Ed25519 public key (PEM): the snapshot must carry a valid signature by it (`demarc collect --sign-key`).'),
    maxAge: z
      .string()
      .refine((d) => /^P(?!$)/.test(d) && Duration.fromISO(d).isValid && Duration.fromISO(d).toMillis() > 0, {
        message: 'an ISO 8601 duration such as P7D (seven days) or PT12H (twelve hours)',
      })
      .optional()
      .describe('Oldest snapshot accepted, as an ISO 8601 duration (P7D); an older one makes the run incomplete.'),
  })
  .strict();
export type SnapshotSourceConfig = z.infer<typeof SnapshotSourceConfig>;
