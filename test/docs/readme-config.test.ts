import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AuditConfig } from '../../src/config/audit-config.js';

// The README's configuration example is what a new user copies: it must be a valid configuration, and
// say what it claims (IT counts entitlements only, OT any account, well-known baseline on).
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Configuration'));
const example = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;

describe('README configuration example', () => {
  it('parses against the configuration schema once its placeholders are filled in', () => {
    const filled = example.replace(/<[^>]+>/g, '00000000-0000-4000-8000-000000000001');
    const raw = parse(filled) as Record<string, unknown>;
    // The example's sources are abbreviated (`# ... entra, ldap ...`): check everything but them.
    const cfg = AuditConfig.parse({ ...raw, sources: [] });
    expect(cfg.zones.map((z) => [z.id, z.credentials])).toEqual([
      ['it', 'entitlements'],
      ['ot', 'accounts'],
    ]);
    expect(cfg.baseline.wellKnown).toBe(true);
    expect(cfg.vendors.map((v) => v.name)).toEqual(['Example OT Security']);
    expect(cfg.zones[1]!.entitlements.some((s) => s.scope?.startsWith('/administrativeUnits/'))).toBe(true);
  });
});
