import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc } from '../helpers/cli.js';

const schemaOf = (name: string) => {
  const r = demarc(['schema', name]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};
const validator = (schema: object) => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv.compile(schema);
};

describe('demarc schema', () => {
  it('the configuration schema accepts the demo configuration and rejects a misspelt key', () => {
    const validate = validator(schemaOf('config'));
    const config = parse(readFileSync(DEMO_CONFIG, 'utf8'));
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, polices: [] })).toBe(false);
  });

  it('the snapshot schema accepts every line of the demo snapshot', () => {
    const validate = validator(schemaOf('snapshot'));
    const lines = readFileSync(DEMO_SNAPSHOT, 'utf8').trim().split('\n');
    for (const line of lines) expect(validate(JSON.parse(line)), line).toBe(true);
  });

  it('the findings schema accepts the demo audit output', () => {
    const validate = validator(schemaOf('findings'));
    const r = demarc(['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--format', 'json']);
    expect(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('the policy schema accepts the bundled packs', () => {
    const validate = validator(schemaOf('policy'));
    for (const pack of ['base/soc', 'integrated-soc', 'hybrid-soc', 'federated-soc', 'nerc-cip']) {
      const doc = parse(readFileSync(new URL(`../../policies/${pack}.yaml`, import.meta.url), 'utf8'));
      expect(validate(doc), `${pack}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(true);
    }
  });

  it('rejects an unknown schema name with exit 2', () => {
    const r = demarc(['schema', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'nope' is invalid");
  });
});

describe('demarc policy', () => {
  it('lists the bundled packs with rules and controls', () => {
    const r = demarc(['policy', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hybrid-soc: Hybrid SOC/m);
    expect(r.stdout).toMatch(/HYB-SEP-001\s+critical\s+zone-separation/);
    expect(r.stdout).toContain('controls: NIST SP 800-53 Rev. 5 AC-5; NIST SP 800-53 Rev. 5 AC-6(5); IEC 62443-3-3 SR 2.1');
  });

  it('validates a good pack', () => {
    const r = demarc(['policy', 'validate', 'policies/integrated-soc.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('policies/integrated-soc.yaml: ok (integrated-soc, 5 rules)');
  });
});
