import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { looksSplit, splitBaseDnWarnings } from '../../src/connectors/ldap/base-dn-warnings.js';
import { LdapSourceConfig } from '../../src/connectors/ldap/ldap-config.js';
import { collectLdap } from '../helpers/ldap/context.js';

// YAML 1.2 (yaml.org/spec/1.2.2, 7.4.1 flow sequences): "," separates the entries of a flow sequence, so
// the unquoted DN in `baseDns: [DC=ot,DC=utility,DC=example]` becomes three entries.
const configFrom = (yamlText: string) =>
  LdapSourceConfig.parse({
    kind: 'ldap',
    id: 'ot-ad',
    url: 'ldap://127.0.0.1:1',
    bindDn: 'svc@ot',
    password: { env: 'X' },
    ...(parseYaml(yamlText) as object),
  });

describe('a base DN split by an unquoted YAML flow list', () => {
  it('is what YAML makes of the unquoted form, and is warned about with the quoted form', () => {
    const config = configFrom('baseDns: [DC=ot,DC=utility,DC=example]');
    expect(config.baseDns).toEqual(['DC=ot', 'DC=utility', 'DC=example']);
    const [w] = splitBaseDnWarnings(config);
    expect(w).toMatchObject({ level: 'warning', code: 'ldap-base-dn-split' });
    expect(w!.message).toContain('baseDns: ["DC=ot,DC=utility,DC=example"]');
  });

  it.each([
    ['an OU split from its domain', ['OU=OT', 'DC=example'], true],
    ['two DC components', ['dc=scada', 'dc=example'], true],
    // Near misses: real lists of several base DNs.
    ['the quoted form', ['DC=ot,DC=utility,DC=example'], false],
    ['two whole DNs', ['OU=OT,DC=corp', 'OU=Plant,DC=corp'], false],
    ['two one-component naming contexts (OpenLDAP o=...)', ['o=corp', 'o=lab'], false],
    ['one DC naming context', ['dc=example'], false],
  ])('%s: %j', (_name, bases, split) => {
    expect(looksSplit(bases)).toBe(split);
    expect(splitBaseDnWarnings({ baseDns: bases }).length).toBe(split ? 1 : 0);
  });

  it('shows on the collected source, next to the collection failure it causes', async () => {
    const c = await collectLdap(
      {
        id: 'ot-ad',
        url: 'ldap://127.0.0.1:1',
        bindDn: 'svc@ot',
        baseDns: ['DC=ot', 'DC=example'],
        retries: 0,
        timeouts: { connectMs: 2000 },
      },
      'pw',
    );
    expect(c.source.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['ldap-base-dn-split', 'ldap-unreachable']));
    expect(c.source.complete).toBe(false);
  });
});
