import { csvRow as rawRow } from '../util/escape.js';
import { visibleText } from '../report/visible-text.js';
import type { RequirementSection } from './requirements.js';

// Names come from directories: control and bidirectional characters are shown as code points, as in every report.
const csvRow = (fields: readonly string[]): string => rawRow(fields.map(visibleText));

/** A requirement's population: one row per examined item, with the rule that examined it. */
export function populationCsv(section: RequirementSection): string {
  const columns = ['rule', ...new Set(section.populations.flatMap((p) => [...p.columns]))];
  let out = csvRow(columns);
  for (const p of section.populations)
    for (const row of p.rows) out += csvRow(columns.map((c) => (c === 'rule' ? p.rule.ruleId : (row[c] ?? ''))));
  return out;
}
