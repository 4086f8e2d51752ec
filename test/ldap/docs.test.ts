import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AD_ATTRIBUTES, AD_FILTER } from '../../src/connectors/ldap/normalize/normalize-ad.js';
import { OPENLDAP_ATTRIBUTES, OPENLDAP_FILTER } from '../../src/connectors/ldap/normalize/normalize-openldap.js';

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
    expect(text).toContain(`-l "${AD_ATTRIBUTES.join(',')}"`);
    expect(text).toContain(`"${AD_FILTER}" ${AD_ATTRIBUTES.join(' ')} > ot-ad.ldif`);
    expect(text).toContain(`"${OPENLDAP_FILTER}" ${OPENLDAP_ATTRIBUTES.join(' ')} > scada-ldap.ldif`);
    expect(text).toContain('ldapsearch -LLL -o ldif-wrap=no -E pr=1000/noprompt');
  });
});
