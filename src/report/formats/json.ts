import type { Formatter } from '../formatter.js';

/** The findings document, as described by `demarc schema findings`. */
export const formatJson: Formatter = (report) => `${JSON.stringify(report, null, 2)}\n`;
