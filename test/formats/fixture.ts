import { readFileSync } from 'node:fs';
import { Report } from '../../src/model/findings.js';

/**
 * The one findings fixture every formatter test reads: the demo estate's report plus a finding with
 * hostile text (markup, quotes, separators, a line break, a formula prefix), an excepted finding, and
 * rules that were not evaluated, errored or passed.
 */
export const loadFixture = (): Report => Report.parse(JSON.parse(readFileSync('fixtures/findings/report.json', 'utf8')));
export const HOSTILE_FP = 'f'.repeat(32);
export const FORMAT_OPTIONS = { color: false, width: 100 };
