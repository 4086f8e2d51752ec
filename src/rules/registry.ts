import type { RuleKind } from './rule-kind.js';
import { zoneSeparation } from './zone-separation.js';
import { toolIsolation } from './tool-isolation.js';
import { directoryIsolation } from './directory-isolation.js';
import { correlationRule } from './correlation.js';

/** Every rule kind policy packs may name. Adding a kind = one file and one entry here. */
export const ruleKinds: readonly RuleKind[] = [zoneSeparation, toolIsolation, directoryIsolation, correlationRule] as RuleKind[];

export const ruleKindFor = (kind: string): RuleKind | undefined => ruleKinds.find((k) => k.kind === kind);
