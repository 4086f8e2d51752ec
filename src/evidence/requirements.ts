import type { Finding, Report, RuleResult } from '../model/findings.js';
import type { Population } from '../rules/rule-kind.js';

/** What one rule reconciled, for a requirement's population. */
export interface RulePopulation {
  rule: RuleResult;
  columns: readonly string[];
  rows: Record<string, string>[];
}

/** One requirement (a control id of a framework) with everything the bundle says about it. */
export interface RequirementSection {
  framework: string;
  id: string;
  /** File of its population, under populations/. */
  slug: string;
  rules: RuleResult[];
  populations: RulePopulation[];
  findings: Finding[];
  excepted: Finding[];
}

const natural = new Intl.Collator('en', { numeric: true });

export const requirementSlug = (framework: string, id: string): string =>
  `${framework} ${id}`
    .toLowerCase()
    .replace(/\.(?![a-z0-9])/g, '-')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Groups the run by requirement, with the populations the rules reported when they were evaluated
 * (by rule id), so a section's population is the one its findings came from.
 */
export function requirementSections(report: Report, rulePopulations: ReadonlyMap<string, Population>): RequirementSection[] {
  const populations = new Map<string, RulePopulation>();
  for (const result of report.rules) {
    const p = rulePopulations.get(result.ruleId);
    // A rule that errored or was not evaluated (incomplete inputs among them) has no population; its result says why.
    if (p && (result.status === 'passed' || result.status === 'failed'))
      populations.set(result.ruleId, { rule: result, columns: p.columns, rows: p.rows });
  }
  const sections = new Map<string, RequirementSection>();
  for (const rule of report.rules) {
    for (const c of rule.controls) {
      const key = `${c.framework}\0${c.id}`;
      let s = sections.get(key);
      if (!s)
        sections.set(
          key,
          (s = {
            framework: c.framework,
            id: c.id,
            slug: requirementSlug(c.framework, c.id),
            rules: [],
            populations: [],
            findings: [],
            excepted: [],
          }),
        );
      s.rules.push(rule);
      const pop = populations.get(rule.ruleId);
      if (pop) s.populations.push(pop);
      for (const f of report.findings) if (f.ruleId === rule.ruleId) (f.status === 'open' ? s.findings : s.excepted).push(f);
    }
  }
  return [...sections.values()].sort(
    (a, b) =>
      frameworkRank(a.framework) - frameworkRank(b.framework) || natural.compare(a.framework, b.framework) || natural.compare(a.id, b.id),
  );
}

/** NERC CIP standards first, in standard order (CIP-004 before CIP-005 before CIP-007), then the other frameworks. */
const frameworkRank = (framework: string): number => (framework.startsWith('NERC CIP-') ? 0 : 1);

/**
 * One word for a requirement's outcome: any rule in error or not evaluated makes it so; else findings or
 * met. A requirement whose rules reconcile a population that turned out empty is "nothing in scope", not
 * "met": a scope that selects nobody (a misspelt population, a filter that matches no one) must be seen
 * by the auditor, not read as compliance.
 */
export function requirementResult(s: RequirementSection): 'error' | 'not evaluated' | 'findings' | 'nothing in scope' | 'met' {
  if (s.rules.some((r) => r.status === 'error')) return 'error';
  if (s.rules.some((r) => r.status === 'not-evaluated')) return 'not evaluated';
  if (s.rules.some((r) => r.status === 'failed')) return 'findings';
  return s.populations.length > 0 && populationSize(s) === 0 ? 'nothing in scope' : 'met';
}

/** Rows of a requirement's populations (the number of people, accounts, groups or records it examined). */
export const populationSize = (s: RequirementSection): number => s.populations.reduce((n, p) => n + p.rows.length, 0);

/** Status counts of a section's population rows, e.g. { authorized: 40, "no authorization record": 2 }. */
export function statusCounts(section: RequirementSection): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of section.populations) for (const r of p.rows) out[r.status ?? ''] = (out[r.status ?? ''] ?? 0) + 1;
  return out;
}
