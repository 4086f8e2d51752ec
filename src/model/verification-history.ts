import { z } from 'zod';

/**
 * The earlier runs of a baseline (state) directory, as the CIP-004-7 R4.2 rule reads them: when each
 * was evaluated and whether it verified authorisation records (evaluated a rule mapped to R4.2). The
 * audit reads it before evaluation and the evidence bundle stores it as history.json, so `demarc
 * verify` re-evaluates the rule with exactly what the audit saw.
 */
export const HistoryRun = z
  .object({
    evaluatedAt: z.iso.datetime().describe("The run's evaluation time (UTC)."),
    timeZone: z.string().describe('The time zone the run was evaluated in.'),
    verification: z
      .boolean()
      .describe('The run evaluated (passed or failed) a rule reconciling access with authorisation records (CIP-004-7 R4.2).'),
    file: z.string().optional().describe("The run's file in the history directory."),
  })
  .strict();
export type HistoryRun = z.infer<typeof HistoryRun>;

export const VerificationHistory = z
  .object({
    format: z.literal('demarc-history'),
    version: z.literal(1),
    stateDir: z.string().describe('The state directory the history was read from.'),
    runs: z.array(HistoryRun).describe('Earlier runs, oldest first.'),
    unreadable: z
      .array(z.object({ file: z.string(), problem: z.string() }).strict())
      .optional()
      .describe('History files that are not findings documents: the history cannot show every run.'),
  })
  .strict();
export type VerificationHistory = z.infer<typeof VerificationHistory>;
