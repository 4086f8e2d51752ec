import { Argument, Command } from 'commander';
import { z } from 'zod';
import { AuditConfig } from '../config/audit-config.js';
import { PolicyPackFile } from '../policy/pack-schema.js';
import { SnapshotLine } from '../snapshot/format.js';
import { Report } from '../model/findings.js';
import { ExceptionsFile } from '../config/exception.js';
import { emit } from './output.js';

const SCHEMAS = {
  config: AuditConfig,
  policy: PolicyPackFile,
  snapshot: SnapshotLine,
  findings: Report,
  exceptions: ExceptionsFile,
} as const;
type SchemaName = keyof typeof SCHEMAS;

/** JSON Schema generated from the zod schemas (the single source of truth), for editors and validators. */
export function jsonSchemaOf(name: SchemaName): object {
  const schema = z.toJSONSchema(SCHEMAS[name], { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    ...schema,
    // A name, not an address: nothing is fetched, and no domain is claimed that the project does not hold.
    $id: `urn:demarc:schema:${name}:v1`,
    title: {
      config: 'demarc audit configuration',
      policy: 'demarc policy pack',
      snapshot: 'demarc snapshot line (one per line of a JSON Lines file)',
      findings: 'demarc findings report',
      exceptions: 'demarc exceptions file',
    }[name],
  };
}

export function schemaCommand(run: (code: number) => void): Command {
  return new Command('schema')
    .description('Print the JSON Schema of a file format')
    .addArgument(new Argument('<name>', 'which format').choices(Object.keys(SCHEMAS)))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (name: SchemaName, o: { output?: string }) => {
      await emit(`${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`, o.output);
      run(0);
    });
}
