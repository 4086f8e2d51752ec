import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AD_ATTRIBUTES, AD_EXPORT_ATTRIBUTES, AD_FILTER } from '../../src/connectors/ldap/normalize/normalize-ad.js';
import { OPENLDAP_ATTRIBUTES, OPENLDAP_FILTER } from '../../src/connectors/ldap/normalize/normalize-openldap.js';
import { looksSplit } from '../../src/connectors/ldap/base-dn-warnings.js';
import { LdapSourceConfig } from '../../src/connectors/ldap/ldap-config.js';
import { parse as parseYaml } from 'yaml';
import { SD_FLAGS_DACL } from '../helpers/ldap/export.js';

const doc = readFileSync('docs/connectors/ldap.md', 'utf8');
const squash = (s: string) => s.replace(/\\\n\s*/g, '').replace(/\s+/g, ' ');

describe('docs/connectors/ldap.md export instructions', () => {
  it('list exactly the filters and attributes demarc reads live', () => {
    expect(doc).toContain(`\`${AD_FILTER}\``);
    expect(doc).toContain(`\`${AD_ATTRIBUTES.join(' ')}\``);
    expect(doc).toContain(`\`${OPENLDAP_FILTER}\``);
    expect(doc).toContain(`\`${OPENLDAP_ATTRIBUTES.join(' ')}\``);
  });

  it('give export commands with every attribute', () => {
    const text = squash(doc);
    expect(text).toContain(`-l "${AD_EXPORT_ATTRIBUTES.join(',')}"`);
    expect(text).toContain(`"${AD_FILTER}" ${AD_EXPORT_ATTRIBUTES.join(' ')} > ot-ad.ldif`);
    // The SD flags control as the test export sends it (test/helpers/ldap/export.ts).
    expect(text).toContain(`-E ${SD_FLAGS_DACL}`);
    expect(text).toContain(`"${OPENLDAP_FILTER}" ${OPENLDAP_ATTRIBUTES.join(' ')} > scada-ldap.ldif`);
    expect(text).toContain('ldapsearch -LLL -o ldif-wrap=no -E pr=1000/noprompt');
  });
});

describe('docs/connectors/ldap.md configuration examples', () => {
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  // YAML 1.2 (yaml.org/spec/1.2.2, 7.4 flow collections): "," separates flow sequence entries, so an
  // unquoted [DC=a,DC=b] is two entries. Every example must give whole DNs, commented-out ones included.
  it('give every base DN whole (quoted in flow lists), so YAML reads one DN per item', () => {
    const bases = blocks.flatMap((b) => {
      const uncommented = b.replace(/^(\s*)# (baseDns:)/gm, '$1$2');
      const sources = (parseYaml(uncommented) as { sources?: { kind: string; baseDns?: string[] }[] }).sources ?? [];
      return sources.filter((src) => src.kind === 'ldap').map((src) => src.baseDns);
    });
    const given = bases.filter((b): b is string[] => b !== undefined);
    expect(given.length).toBeGreaterThanOrEqual(2);
    for (const b of given) {
      expect(looksSplit(b)).toBe(false);
      for (const dn of b) expect(dn.split(',').length).toBeGreaterThanOrEqual(3);
    }
  });

  it('parse as LDAP sources', () => {
    for (const b of blocks) {
      const sources = (parseYaml(b) as { sources?: Record<string, unknown>[] }).sources ?? [];
      for (const src of sources.filter((x) => x.kind === 'ldap')) expect(LdapSourceConfig.safeParse(src).success).toBe(true);
    }
  });
});
