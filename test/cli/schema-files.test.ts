import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jsonSchemaOf } from '../../src/cli/schema-command.js';
import { ROOT } from '../helpers/cli.js';

const NAMES = ['config', 'policy', 'snapshot', 'findings', 'exceptions'] as const;
const file = (name: string) => join(ROOT, 'schema', `demarc-${name}.schema.json`);

/** The schema files shipped in the package (schema/) are what `demarc schema <name>` prints. */
describe('shipped JSON Schemas', () => {
  it.each(NAMES)('schema/demarc-%s.schema.json is up to date (npm run schema:write)', (name) => {
    expect(readFileSync(file(name), 'utf8')).toBe(`${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`);
  });

  it('each has a stable $id that does not change with the version', () => {
    expect(NAMES.map((n) => (JSON.parse(readFileSync(file(n), 'utf8')) as { $id: string }).$id)).toEqual(
      NAMES.map((n) => `urn:demarc:schema:${n}:v1`),
    );
  });

  it('the configuration schema accepts the demo configuration, and rejects a misspelt key', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(file('config'), 'utf8')) as object);
    const demo = parse(readFileSync(join(ROOT, 'fixtures/demo/demarc.yaml'), 'utf8')) as Record<string, unknown>;
    expect(validate(demo), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...demo, failon: 'high' })).toBe(false);
  });

  it('the package ships them (files in package.json)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema');
  });
});
