import { sha256 } from '../util/files.js';
import type { Subject } from '../model/findings.js';

/**
 * Stable across runs and machines: rule, subject, zones and the rule's own key. Chains and wording
 * are left out on purpose so a finding keeps its identity when the proof changes shape.
 */
export const fingerprint = (ruleId: string, subject: Subject, zones: readonly string[], key = ''): string =>
  sha256([ruleId, subject.type, subject.source ?? '', subject.id.toLowerCase(), [...zones].sort().join(','), key].join('\u001f')).slice(
    0,
    32,
  );
