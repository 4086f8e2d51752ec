/** demarc as a library: the estate model, connectors, engine, rules and formatters. */
export * from './model/index.js';
export type { Estate, PrincipalNode, AccountNode, GroupNode, ForeignNode, RoleNode, ApplicationNode } from './estate/estate.js';
export { assembleEstate } from './estate/assemble.js';
export { emptyEstate } from './estate/estate.js';
export { Principals } from './estate/principals.js';
export { Persons } from './estate/persons.js';
export type { Connector, CollectContext } from './connectors/connector.js';
export { defineConnector } from './connectors/connector.js';
export { connectors, loadConnector, SourceConfig, type ConnectorEntry } from './connectors/registry.js';
export { AuditConfig } from './config/audit-config.js';
export { loadConfig, type LoadedConfig } from './config/load-config.js';
export { readSnapshot } from './snapshot/read-snapshot.js';
export { writeSnapshot } from './snapshot/write-snapshot.js';
export { buildContext } from './engine/build-context.js';
export type { RuleContext } from './engine/context.js';
export { evaluatePacks } from './policy/evaluate.js';
export {
  defineRuleKind,
  renderMessage,
  type RuleKind,
  type RuleKindSpec,
  type RuleMeta,
  type RuleOutcome,
  type ReportedFinding,
  type FindingDraft,
  type Population,
} from './rules/rule-kind.js';
export { registerRuleKind, ruleKinds } from './rules/registry.js';
/** The zod the pack schema is built with: a custom kind's options schema must come from the same copy. */
export { z } from 'zod';
export { loadPack, loadPacks } from './policy/load-packs.js';
export { runAudit } from './audit/run-audit.js';
export { collectSources } from './audit/collect.js';
export { exitCodeFor, EXIT } from './audit/report.js';
export { formatters, FORMATS, type Format } from './report/formats/index.js';
export { InputError, InputErrors } from './util/errors.js';
export { remediate, PLANNED_KINDS, type RemediateOptions, type RemediateResult } from './remediate/remediate.js';
export { Remediation, RemediationReport, RemediationStep } from './remediate/remediation-schema.js';
export { remediationFormatters, REMEDIATION_FORMATS, type RemediationFormat } from './remediate/format-remediation.js';
export { type AuditResult } from './audit/run-audit.js';
export { loadEstate } from './audit/load-estate.js';
export { buildReport } from './audit/report.js';
export { mergeEstates, type EstatePart } from './estate/merge.js';
export type { FormatOptions, Formatter } from './report/formatter.js';
// Checking a change before it is made (`demarc check`).
export { runCheck, checkExitCode, type CheckResult } from './check/run-check.js';
export { readPlan } from './check/read-plan.js';
export { planFromFlags, type PlanFlags } from './check/plan-from-flags.js';
export { Plan, type PlanInput } from './check/plan-schema.js';
export { checkJson, checkText } from './check/check-output.js';
// Baselines and diffs (`audit --baseline`, `demarc diff`).
export { withBaseline, type BaselineOptions } from './baseline/audit-baseline.js';
export { applyBaseline, type BaselineResult } from './baseline/apply-baseline.js';
export { diffFindings, withFirstSeen, type FindingsDiff, type UnchangedFinding } from './baseline/diff-findings.js';
export { diffText, diffJson } from './baseline/diff-output.js';
export { exitCodeForNew } from './baseline/exit-codes.js';
export { readFindings, readFindingsEach, type FindingsHead } from './report/read-findings.js';
export { diffFiles } from './baseline/diff-files.js';
export { withHistory } from './baseline/audit-history.js';
export { readVerificationHistory } from './baseline/read-history.js';
// NERC CIP evidence bundles (`audit --evidence`, `demarc verify`).
export { writeEvidenceBundle, type EvidenceInput, type EvidenceResult } from './evidence/write-bundle.js';
export { verifyBundle, type VerifyResult } from './evidence/verify-bundle.js';
export { Manifest, SignatureFile } from './evidence/manifest.js';
export { loadSigningKey, loadPublicKey, keyFingerprint } from './util/ed25519-keys.js';
// Snapshots signed where they are collected (`collect --sign-key`).
export { signSnapshot, verifySnapshotSignature, signatureFileOf, SnapshotSignature } from './snapshot/signature.js';
