import type { Command } from 'commander';

/** Makes a command's full definition; `setExit` records the exit code it decides on. */
export type MakeCommand = (setExit: (code: number) => void) => Command;

export interface CommandEntry {
  name: string;
  /** The command's description, for `demarc --help` without loading the command (a test keeps them equal). */
  summary: string;
  load: () => Promise<MakeCommand>;
}

/**
 * Every command, in help order. Each is imported only when it is the one being run (or its help is
 * asked for): a command's module graph (formatters, connectors, schemas) is most of start-up, and a
 * pre-deployment `demarc check` should not pay for `audit --evidence` or `remediate`.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'audit',
    summary: 'Evaluate the policy packs against a snapshot, or against a live collection of the configured sources',
    load: async () => (await import('./audit-command.js')).auditCommand,
  },
  {
    name: 'collect',
    summary: 'Collect every configured source into a snapshot (e.g. inside the OT network), to audit elsewhere',
    load: async () => (await import('./collect-command.js')).collectCommand,
  },
  {
    name: 'check',
    summary: 'Evaluate a proposed change before it is made: report only the findings it would introduce or resolve',
    load: async () => (await import('./check-command.js')).checkCommand,
  },
  {
    name: 'index',
    summary: 'Write the index of a snapshot, so that check, audit and remediate --index read it without scanning every line',
    load: async () => (await import('./index-command.js')).indexCommand,
  },
  {
    name: 'remediate',
    summary: 'Plan the smallest change that clears each separation, tool or trust finding, proven by the what-if check',
    load: async () => (await import('./remediate-command.js')).remediateCommand,
  },
  {
    name: 'diff',
    summary: 'Compare two findings files (demarc audit --format json): new, resolved and unchanged findings',
    load: async () => (await import('./diff-command.js')).diffCommand,
  },
  {
    name: 'verify',
    summary: 'Verify an evidence bundle: file hashes, signature, and that its snapshot reproduces its findings',
    load: async () => (await import('./verify-command.js')).verifyCommand,
  },
  {
    name: 'baseline',
    summary: 'Manage and read the run history of a baseline directory (audit --baseline)',
    load: async () => (await import('./baseline-command.js')).baselineCommand,
  },
  {
    name: 'review',
    summary: 'Access review campaigns (CIP-004-7 R4.3): worksheets per reviewer, and their decisions as records',
    load: async () => (await import('./review-command.js')).reviewCommand,
  },
  {
    name: 'schema',
    summary: 'Print the JSON Schema of a file format',
    load: async () => (await import('./schema-command.js')).schemaCommand,
  },
  { name: 'policy', summary: 'Inspect and validate policy packs', load: async () => (await import('./policy-command.js')).policyCommand },
];
