import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/findings.js';
import { BUNDLED_POLICY_DIR, loadPack } from '../../src/policy/load-packs.js';
import { readAnswerKey, type ConformanceCase } from './answer-key.js';
import { fixture } from './paths.js';
import { passed, score } from './score.js';

const cases = readAnswerKey();

describe('conformance answer key', () => {
  it('holds at least 40 cases, half of them near-misses, each citing a documentation page', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.class === 'near-miss').length * 2).toBeGreaterThanOrEqual(cases.length);
    for (const c of cases) expect(c.source.url, c.id).toMatch(/^https:\/\/(learn\.microsoft\.com|www\.nerc\.com)\//);
  });

  it('names only rules the configuration enables', async () => {
    type Ref = string | { pack: string; disable?: string[] };
    const config = parse(readFileSync(fixture('demarc.yaml'), 'utf8')) as { policies: Ref[] };
    const ruleIds = new Set<string>();
    for (const ref of config.policies) {
      const { pack, disable = [] } = typeof ref === 'string' ? { pack: ref } : ref;
      // Loaded as demarc loads it: a pack that extends another runs its parent's rules too.
      const { pack: loaded } = await loadPack(`${BUNDLED_POLICY_DIR}${pack}.yaml`);
      for (const r of loaded.rules) if (!disable.includes(r.id)) ruleIds.add(r.id);
    }
    for (const c of cases) expect(ruleIds, c.id).toContain(c.rule);
  });

  it('names only persons of the roster and tools of the inventory', () => {
    const column = (file: string) =>
      new Set(
        readFileSync(fixture(file), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      );
    const persons = column('hr-roster.csv');
    const tools = column('tool-inventory.csv');
    for (const c of cases.filter((x) => x.subjectType === 'person')) expect(persons, c.id).toContain(c.subject);
    for (const c of cases.filter((x) => x.subjectType === 'tool')) expect(tools, c.id).toContain(c.subject);
  });

  it('gives every violation of a person an entitlement its chain must name', () => {
    for (const c of cases.filter((x) => x.class === 'violation' && x.subjectType === 'person')) expect(c.entitlement, c.id).toBeDefined();
  });
});

const violation: ConformanceCase = {
  id: 'v',
  subject: 'P1',
  subjectType: 'person',
  class: 'violation',
  rule: 'R',
  entitlement: 'Administrators',
  entitlementSource: 'ot-ad',
  description: 'd',
  source: { title: 't', url: 'https://learn.microsoft.com/x' },
};
const nearMiss: ConformanceCase = {
  ...violation,
  id: 'n',
  subject: 'P2',
  class: 'near-miss',
  entitlement: undefined,
  entitlementSource: undefined,
};

const finding = (subject: string, last: { name: string; source?: string }, ruleId = 'R'): Finding => ({
  fingerprint: '0123456789abcdef',
  ruleId,
  kind: 'zone-separation',
  pack: 'p',
  title: 't',
  severity: 'high',
  message: `${subject} holds ${last.name}`,
  subject: { type: 'person', id: subject, name: subject },
  zones: ['it', 'ot'],
  chains: [
    {
      steps: [
        { type: 'person', id: subject, name: subject },
        { type: 'group', id: 'g', name: 'OT-Remote-Vendors-DL', source: 'ot-ad' },
      ],
    },
    {
      steps: [
        { type: 'person', id: subject, name: subject },
        { type: 'group', id: 'x', ...last },
      ],
    },
  ],
  controls: [],
  status: 'open',
});

describe('conformance scorer', () => {
  it('hits a violation only when a chain ends at the named entitlement of the named source', () => {
    expect(
      score([violation], { complete: true, findings: [finding('P1', { name: 'BUILTIN\\Administrators', source: 'ot-ad' })] })[0]!.outcome,
    ).toBe('hit');
    expect(score([violation], { complete: true, findings: [finding('P1', { name: 'Administrators', source: 'it-ad' })] })[0]!.outcome).toBe(
      'wrong-chain',
    );
    expect(score([violation], { complete: true, findings: [finding('P1', { name: 'Administrators' }, 'OTHER')] })[0]!.outcome).toBe('miss');
    expect(score([violation], { complete: true, findings: [finding('P9', { name: 'Administrators', source: 'ot-ad' })] })[0]!.outcome).toBe(
      'miss',
    );
  });

  it('counts a reported near-miss as a false positive, and an unreported one as clean only when its rule could have reported it', () => {
    const sources = [{ id: 'ot-ad', complete: true }];
    const rules = [{ ruleId: 'R', status: 'passed' }];
    expect(score([nearMiss], { complete: true, findings: [finding('P2', { name: 'x' })] })[0]!.outcome).toBe('false-positive');
    expect(score([nearMiss], { complete: true, findings: [], sources, rules })[0]!.outcome).toBe('clean');
    expect(score([nearMiss], { complete: false, findings: [] })[0]!.outcome).toBe('unchecked');
    // Another rule not evaluated leaves this one's near-miss checked; this rule not evaluated, or a source incomplete, does not.
    expect(
      score([nearMiss], { complete: false, findings: [], sources, rules: [...rules, { ruleId: 'Q', status: 'not-evaluated' }] })[0]!
        .outcome,
    ).toBe('clean');
    expect(
      score([nearMiss], { complete: false, findings: [], sources, rules: [{ ruleId: 'R', status: 'not-evaluated' }] })[0]!.outcome,
    ).toBe('unchecked');
    expect(score([nearMiss], { complete: false, findings: [], sources: [{ id: 'ot-ad', complete: false }], rules })[0]!.outcome).toBe(
      'unchecked',
    );
  });

  it('passes nothing when there is no report', () => {
    expect(score([violation, nearMiss], undefined).some(passed)).toBe(false);
  });
});
