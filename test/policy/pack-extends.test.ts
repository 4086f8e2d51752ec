import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_POLICY_DIR, loadPack, loadPacks } from '../../src/policy/load-packs.js';
import { InputError, InputErrors } from '../../src/util/errors.js';

// The three SOC packs as they were written out in full before they extended policies/base/soc.yaml.
const before = (name: string) => fileURLToPath(new URL(`./soc-packs-before/${name}.yaml`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'demarc-extends-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const head = (pack: string) => `pack: ${pack}\ntitle: A pack for the test\ndescription: x\n`;
const failure = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  const first = e instanceof InputErrors ? e.errors[0] : e;
  expect(first).toBeInstanceOf(InputError);
  return first as InputError;
};

describe('packs that extend another', () => {
  it.each(['integrated-soc', 'hybrid-soc', 'federated-soc'])(
    'bundled %s runs exactly the rules it ran when written in full',
    async (name) => {
      const now = await loadPack(`${BUNDLED_POLICY_DIR}${name}.yaml`);
      const then = await loadPack(before(name));
      expect(now.pack).toEqual(then.pack);
    },
  );

  it('the expanded text stands alone: it loads without its parent and gives the same pack', async () => {
    const now = await loadPack(`${BUNDLED_POLICY_DIR}hybrid-soc.yaml`);
    expect(now.text).not.toMatch(/^extends:/m);
    const copy = await loadPack(write('hybrid-copy.yaml', now.text));
    expect(copy.pack).toEqual(now.pack);
    expect(copy.sha256).toBe(now.sha256);
  });

  it('a change in the parent changes the child’s digest', async () => {
    const base = (severity: string) =>
      write(
        'base.yaml',
        `${head('base')}rules:\n  - id: COR-001\n    kind: correlation\n    title: Accounts attributed\n    severity: ${severity}\n` +
          `    rationale: twenty characters or more here\n    remediation: twenty characters or more here\n` +
          `    controls: [{ framework: CISA, id: X }]\n`,
      );
    base('low');
    const child = write('child.yaml', `${head('child')}extends: base.yaml\nidPrefix: ABC\n`);
    const first = await loadPack(child);
    expect(first.pack.rules.map((r) => [r.id, r.severity])).toEqual([['ABC-COR-001', 'low']]);
    base('high');
    const second = await loadPack(child);
    expect(second.pack.rules[0]!.severity).toBe('high');
    expect(second.sha256).not.toBe(first.sha256);
  });

  it('a bundled pack can be extended by name, its rules renamed, changed and added to', async () => {
    const p = write(
      'acme.yaml',
      `${head('acme')}extends: integrated-soc\nidPrefix: ACME\noverride:\n  ACME-INT-SEP-001: { severity: high, options: { scope: acme-soc } }\n` +
        `rules:\n  - id: ACME-COR-009\n    kind: correlation\n    title: Accounts attributed\n    severity: low\n` +
        `    rationale: twenty characters or more here\n    remediation: twenty characters or more here\n    controls: [{ framework: CISA, id: X }]\n`,
    );
    const { pack } = await loadPack(p);
    expect(pack.rules.map((r) => r.id)).toEqual([
      'ACME-INT-SEP-001',
      'ACME-INT-SEP-002',
      'ACME-INT-TOOL-001',
      'ACME-INT-DIR-001',
      'ACME-INT-COR-001',
      'ACME-COR-009',
    ]);
    const sep = pack.rules[0]!;
    expect(sep.severity).toBe('high');
    // options are merged key by key: zones come from the parent, scope from the override
    expect(sep.options).toMatchObject({ zones: ['it', 'ot'], scope: 'acme-soc' });
    // and the packs can run side by side, since the ids differ
    await expect(loadPacks([p, 'integrated-soc'], dir)).resolves.toHaveLength(2);
  });

  it('refuses an override of a rule the parent does not give, naming the line and the nearest id', async () => {
    const p = write('typo.yaml', `${head('typo')}extends: integrated-soc\noverride:\n  INT-SEP-010: { severity: low }\n`);
    const e = await failure(loadPack(p));
    expect(e.message).toMatch(/override names rule INT-SEP-010/);
    expect(e.where).toMatchObject({ file: p, line: 6, path: 'override.INT-SEP-010' });
  });

  it('refuses an override that makes a rule invalid, at the override', async () => {
    const p = write('bad.yaml', `${head('bad')}extends: integrated-soc\noverride:\n  INT-SEP-001:\n    options: { zones: nope }\n`);
    const e = await failure(loadPack(p));
    expect(e.message).toMatch(/INT-SEP-001/);
    expect(e.where).toMatchObject({ file: p, line: 7, path: 'override.INT-SEP-001.options.zones' });
  });

  it('refuses a rule of its own that reuses an inherited id', async () => {
    const p = write(
      'again.yaml',
      `${head('again')}extends: integrated-soc\nrules:\n  - id: INT-COR-001\n    kind: correlation\n    title: Accounts attributed\n    severity: low\n` +
        `    rationale: twenty characters or more here\n    remediation: twenty characters or more here\n    controls: [{ framework: CISA, id: X }]\n`,
    );
    const e = await failure(loadPack(p));
    expect(e.message).toMatch(/INT-COR-001 is inherited/);
    expect(e.where).toMatchObject({ line: 6, path: 'rules[0].id' });
  });

  it('refuses a cycle and a parent that does not exist', async () => {
    write('a.yaml', `${head('a')}extends: b.yaml\n`);
    const b = write('b.yaml', `${head('b')}extends: a.yaml\n`);
    const cycle = await failure(loadPack(b));
    expect(cycle.message).toMatch(/extends it back/);
    expect(cycle.where).toMatchObject({ line: 4, path: 'extends' });
    const missing = await failure(loadPack(write('orphan.yaml', `${head('orphan')}extends: nowhere.yaml\n`)));
    expect(missing.message).toMatch(/cannot read policy pack/);
    expect(missing.where.file).toBe(join(dir, 'nowhere.yaml'));
    const unknown = await failure(loadPack(write('orphan2.yaml', `${head('orphan2')}extends: integrated-sco\n`)));
    expect(unknown.message).toMatch(/unknown bundled policy pack "integrated-sco"/);
  });

  it('refuses a key it does not know, as a complete pack does', async () => {
    const e = await failure(loadPack(write('extra.yaml', `${head('extra')}extends: integrated-soc\nidprefix: X\n`)));
    expect(e.where).toMatchObject({ line: 5, path: 'idprefix' });
  });
});
