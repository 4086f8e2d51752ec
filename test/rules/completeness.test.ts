import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_POLICY_DIR, loadPack } from '../../src/policy/load-packs.js';
import { ruleKinds } from '../../src/rules/registry.js';
import { ROOT } from '../helpers/cli.js';

const testFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
const allTests = testFiles(join(ROOT, 'test'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('every rule kind has a doc and a test', () => {
  it.each(ruleKinds.map((k) => k.kind))('%s', (kind) => {
    expect(existsSync(join(ROOT, 'docs/rules', `${kind}.md`)), `docs/rules/${kind}.md`).toBe(true);
    const doc = readFileSync(join(ROOT, 'docs/rules', `${kind}.md`), 'utf8');
    expect(doc).toContain(`\`${kind}\``);
    // A test names the kind's exported definition and evaluates it.
    const kindObject = ruleKinds.find((k) => k.kind === kind)!;
    expect(
      allTests.includes(`'${kind}'`) ||
        allTests.includes(`"${kind}"`) ||
        allTests.includes(`kind: '${kind}'`) ||
        hasTestFor(kindObject.kind),
      `a test of ${kind}`,
    ).toBe(true);
  });
});

describe('every rule kind declares meta and messages, and has a table of cases', () => {
  it.each(ruleKinds.map((k) => k.kind))('%s', (kind) => {
    const k = ruleKinds.find((x) => x.kind === kind)!;
    expect(k.meta.docs).toBe(`docs/rules/${kind}.md`);
    expect(existsSync(join(ROOT, k.meta.docs)), k.meta.docs).toBe(true);
    expect(typeof k.meta.fixable).toBe('boolean');
    expect(Object.keys(k.messages).length).toBeGreaterThan(0);
    const table = join(ROOT, 'test/rules/kinds', `${kind}.test.ts`);
    expect(existsSync(table), `test/rules/kinds/${kind}.test.ts`).toBe(true);
    expect(readFileSync(table, 'utf8')).toMatch(/testRuleKind\(/);
  });

  it('the kinds remediation plans removals for are the fixable ones (docs/remediation.md)', () => {
    expect(ruleKinds.filter((k) => k.meta.fixable).map((k) => k.kind)).toEqual([
      'zone-separation',
      'tool-isolation',
      'directory-isolation',
    ]);
  });

  it('every message id a rule reports is one of the messages of a kind', () => {
    const declared = new Set(ruleKinds.flatMap((k) => Object.keys(k.messages)));
    const used = sourceFiles(join(ROOT, 'src/rules')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/messageId:[^,}]*/g)].flatMap((m) => [...m[0].matchAll(/'([A-Za-z]+)'/g)].map((x) => `${x[1]}`)),
    );
    expect(used.length).toBeGreaterThan(40);
    expect(used.filter((id) => !declared.has(id))).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function hasTestFor(kind: string): boolean {
  return testFiles(join(ROOT, 'test')).some((f) => f.endsWith(`${kind}.test.ts`));
}

/** Each bundled pack's exact rule list is pinned: adding or dropping a rule is a deliberate change. */
const PINNED: Record<string, string[]> = {
  'integrated-soc': ['INT-SEP-001', 'INT-SEP-002', 'INT-TOOL-001', 'INT-DIR-001', 'INT-COR-001'],
  'hybrid-soc': ['HYB-SEP-001', 'HYB-SEP-002', 'HYB-TOOL-001', 'HYB-DIR-001', 'HYB-COR-001'],
  'federated-soc': ['FED-SEP-001', 'FED-SEP-002', 'FED-TOOL-001', 'FED-DIR-001', 'FED-COR-001'],
};

describe('bundled policy packs', () => {
  const files = readdirSync(BUNDLED_POLICY_DIR).filter((f) => f.endsWith('.yaml'));

  it.each(files)('%s is valid, every rule has controls and a documented kind', async (file) => {
    const { pack } = await loadPack(join(BUNDLED_POLICY_DIR, file));
    expect(`${pack.pack}.yaml`).toBe(file);
    for (const rule of pack.rules) {
      expect(rule.controls.length).toBeGreaterThan(0);
      expect(existsSync(join(ROOT, 'docs/rules', `${rule.kind}.md`)), `doc of ${rule.kind}`).toBe(true);
    }
    if (PINNED[pack.pack]) expect(pack.rules.map((r) => r.id)).toEqual(PINNED[pack.pack]);
  });
});
