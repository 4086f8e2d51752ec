import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { AuditConfig } from '../../src/config/audit-config.js';
import type { VerificationHistory } from '../../src/model/verification-history.js';
import type { Estate } from '../../src/estate/estate.js';
import type { FindingDraft, RuleKind } from '../../src/rules/rule-kind.js';
import { config, contextOf, NOW } from './estate-builder.js';

/** One case of a kind's table: an estate, the rule's options (the kind's own schema reads them). */
export interface RuleCase<O extends z.ZodType> {
  name: string;
  estate: Estate;
  options?: z.input<O>;
  config?: AuditConfig;
  now?: Date;
  /** The run history the audit read (the CIP-004-7 R4.2 kind's input). */
  history?: VerificationHistory;
}

/** What one expected finding must be: its message id, and where given its subject id and exact message. */
export interface ExpectedFinding {
  messageId: string;
  subject?: string;
  message?: string;
}

export interface InvalidCase<O extends z.ZodType> extends RuleCase<O> {
  /** The findings, in the order the kind reports them. */
  findings: ExpectedFinding[];
}

export interface NotEvaluatedCase<O extends z.ZodType> extends RuleCase<O> {
  notEvaluated: RegExp;
}

export interface RuleKindTable<O extends z.ZodType> {
  /** Must not fire: the kind evaluates and finds nothing. */
  valid: RuleCase<O>[];
  /** Must fire: exactly these findings. */
  invalid: InvalidCase<O>[];
  /** Cannot be evaluated, and says why. */
  notEvaluated?: NotEvaluatedCase<O>[];
}

const evaluate = <O extends z.ZodType>(kind: RuleKind<O>, c: RuleCase<O>) =>
  kind.evaluate(contextOf(c.estate, c.config ?? config(), c.now ?? NOW, c.history), kind.options.parse(c.options ?? {}));

const findingsOf = <O extends z.ZodType>(kind: RuleKind<O>, c: RuleCase<O>): FindingDraft[] => {
  const out = evaluate(kind, c);
  if ('notEvaluated' in out) throw new Error(`not evaluated: ${out.notEvaluated}`);
  return out.findings;
};

/**
 * A kind's table of must-fire and must-not-fire cases, as ESLint's RuleTester runs them. It lives in
 * test/rules/kinds/<kind>.test.ts (checked here and by test/rules/completeness.test.ts), names only
 * message ids the kind declares, and each invalid case lists every finding the kind reports.
 */
export function testRuleKind<O extends z.ZodType>(kind: RuleKind<O>, table: RuleKindTable<O>): void {
  describe(`rule kind ${kind.kind}`, () => {
    it('is tested in its own table file and has cases of both sorts', () => {
      expect(expect.getState().testPath?.replace(/\\/g, '/')).toMatch(new RegExp(`/test/rules/kinds/${kind.kind}\\.test\\.ts$`));
      expect(table.valid.length).toBeGreaterThan(0);
      expect(table.invalid.length).toBeGreaterThan(0);
    });

    it.each(table.valid.map((c) => [c.name, c] as const))('must not fire: %s', (_n, c) => {
      expect(findingsOf(kind, c).map((f) => `${f.messageId}: ${f.message}`)).toEqual([]);
    });

    it.each(table.invalid.map((c) => [c.name, c] as const))('must fire: %s', (_n, c) => {
      for (const e of c.findings) expect(Object.keys(kind.messages), `message id ${e.messageId}`).toContain(e.messageId);
      const got = findingsOf(kind, c).map((f, i) => {
        const e = c.findings[i];
        return {
          messageId: f.messageId,
          ...(e?.subject !== undefined ? { subject: f.subject.id } : {}),
          ...(e?.message !== undefined ? { message: f.message } : {}),
        };
      });
      expect(got).toEqual(c.findings);
    });

    it.each((table.notEvaluated ?? []).map((c) => [c.name, c] as const))('not evaluated: %s', (_n, c) => {
      const out = evaluate(kind, c);
      expect('notEvaluated' in out ? out.notEvaluated : 'evaluated').toMatch(c.notEvaluated);
    });
  });
}
