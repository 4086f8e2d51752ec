import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { InputErrors } from '../../src/util/errors.js';
import { ROOT, demarc, workspace } from '../helpers/cli.js';

// CA files are read when the configuration loads, so SITE_DIR names a real directory holding one.
const SITE = join(ROOT, 'fixtures/entra');

const CONFIG = `version: 1
sources:
  - { id: hr, kind: csv, records: roster, file: '\${SITE_DIR}/hr.csv' }
  - id: ot-ad
    kind: ldap
    urls: ['ldaps://\${OT_DC}.ot.example', 'ldaps://\${OT_DC}b.ot.example']
    bindDn: svc-demarc@ot.example
    password: { env: OT_AD_PASSWORD }
    tls: { caFile: '\${SITE_DIR}/pki/ca.pem' }
  - { id: substation, kind: ldif, files: ['\${SITE_DIR}/exports/sub-$$1.ldf'] }
zones:
  - { id: ot, sources: [ot-ad, substation] }
policies: [integrated-soc]
`;

const load = async (text: string, env: Record<string, string>) => {
  const dir = workspace({ 'demarc.yaml': text });
  return { dir, loaded: await loadConfig(join(dir, 'demarc.yaml'), env) };
};

describe('${VAR} in configuration paths and URLs', () => {
  it('expands file paths, URL lists and nested paths, and $$ is a dollar sign', async () => {
    const { loaded } = await load(CONFIG, { SITE_DIR: SITE, OT_DC: 'otdc1' });
    const [hr, ad, sub] = loaded.config.sources;
    expect(hr).toMatchObject({ kind: 'csv', file: `${SITE}/hr.csv` });
    expect(ad).toMatchObject({ kind: 'ldap', urls: ['ldaps://otdc1.ot.example', 'ldaps://otdc1b.ot.example'] });
    expect(ad!.kind === 'ldap' && ad!.tls.caFile).toBe(`${SITE}/pki/ca.pem`);
    expect(sub).toMatchObject({ kind: 'ldif', files: [`${SITE}/exports/sub-$1.ldf`] });
    // Secrets are not expanded: they stay references.
    expect(ad!.kind === 'ldap' && ad!.password).toEqual({ env: 'OT_AD_PASSWORD' });
  });

  it('does not touch fields that are neither paths nor URLs', async () => {
    const text = CONFIG.replace('bindDn: svc-demarc@ot.example', "bindDn: '${USER_DN}'");
    const { loaded } = await load(text, { SITE_DIR: SITE, OT_DC: 'd', USER_DN: 'cn=x' });
    expect(loaded.config.sources[1]).toMatchObject({ bindDn: '${USER_DN}' });
  });

  it('an unset variable is an input error naming the file, line and variable', async () => {
    const dir = workspace({ 'demarc.yaml': CONFIG });
    const e = await loadConfig(join(dir, 'demarc.yaml'), { SITE_DIR: '/s' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputErrors);
    const errors = (e as InputErrors).errors;
    // Line 6 holds both URLs; each reference is reported.
    expect(errors.map((x) => [x.message, x.where.line, x.where.path])).toEqual([
      ['environment variable OT_DC is not set', 6, 'sources[1].urls[0]'],
      ['environment variable OT_DC is not set', 6, 'sources[1].urls[1]'],
    ]);
  });

  it('the CLI exits 2 and names file, line and variable', () => {
    const dir = workspace({ 'demarc.yaml': CONFIG });
    const r = demarc(['audit', '-c', join(dir, 'demarc.yaml')], { env: { OT_DC: 'otdc1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'demarc.yaml')}:3:`);
    expect(r.stderr).toContain('environment variable SITE_DIR is not set');
  });

  it('a malformed reference is an input error', async () => {
    const dir = workspace({ 'demarc.yaml': CONFIG.replace('${SITE_DIR}/hr.csv', '${SITE-DIR}/hr.csv') });
    const e = await loadConfig(join(dir, 'demarc.yaml'), { SITE_DIR: '/s', OT_DC: 'd' }).catch((x: unknown) => x);
    expect((e as InputErrors).errors[0]!.message).toBe('"${SITE-DIR}" is not an environment variable reference');
  });
});
