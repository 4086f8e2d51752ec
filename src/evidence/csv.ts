import type { RequirementSection } from './requirements.js';

/**
 * One cell of RFC 4180 CSV. Directory data is attacker-influenced (a group description can be a
 * spreadsheet formula), so cells a spreadsheet would evaluate get a leading apostrophe.
 */
export function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export const csvLine = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** A requirement's population: one row per examined item, with the rule that examined it. */
export function populationCsv(section: RequirementSection): string {
  const columns = ['rule', ...new Set(section.populations.flatMap((p) => [...p.columns]))];
  let out = csvLine(columns);
  for (const p of section.populations)
    for (const row of p.rows) out += csvLine(columns.map((c) => (c === 'rule' ? p.rule.ruleId : (row[c] ?? ''))));
  return out;
}
