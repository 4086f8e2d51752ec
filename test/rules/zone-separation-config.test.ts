import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { AuditConfig } from '../../src/config/audit-config.js';

/** The configuration examples in docs/rules/zone-separation.md are valid, and the new options reach the JSON schema. */
const doc = readFileSync(new URL('../../docs/rules/zone-separation.md', import.meta.url), 'utf8');
const yamlBlocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as Record<string, unknown>);

describe('zone-separation configuration', () => {
  it('the documented examples parse, with the documented defaults', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(2);
    const cfg = AuditConfig.parse({ version: 1, policies: ['hybrid-soc'], ...Object.assign({}, ...yamlBlocks) });
    expect(cfg.zones.map((zone) => [zone.id, zone.credentials])).toEqual([
      ['it', 'entitlements'],
      ['ot', 'accounts'],
    ]);
    expect(cfg.baseline.wellKnown).toBe(true);
    expect(AuditConfig.parse({ version: 1, policies: ['hybrid-soc'], zones: [{ id: 'it' }] }).baseline).toEqual({
      wellKnown: true,
      entitlements: [],
    });
  });

  it('rejects an unknown credentials mode and a misspelt baseline key', () => {
    const base = { version: 1, policies: ['hybrid-soc'] };
    expect(AuditConfig.safeParse({ ...base, zones: [{ id: 'it', credentials: 'users' }] }).success).toBe(false);
    expect(AuditConfig.safeParse({ ...base, zones: [{ id: 'it' }], baseline: { wellknown: true } }).success).toBe(false);
  });

  it('the JSON schema (`demarc schema config`) carries credentials and baseline', () => {
    const schema = JSON.stringify(z.toJSONSchema(AuditConfig, { io: 'input', unrepresentable: 'any' }));
    for (const key of ['"credentials"', '"baseline"', '"wellKnown"', '"entitlements"']) expect(schema).toContain(key);
    expect(schema).toContain('"enum":["accounts","entitlements"]');
  });
});
