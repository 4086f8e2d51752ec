import type { Finding, Report, Severity } from '../../model/findings.js';
import type { ChunkFormatter, Formatter } from '../formatter.js';
import { joinChunks } from '../json-chunks.js';
import { chainText } from './chain-text.js';

/** The OCSF version the events declare (metadata.version); the test validates against its schema. */
export const OCSF_VERSION = '1.8.0';

/** Compliance Finding, class 3 of category 2 (Findings): class_uid = 2 * 1000 + 3. */
const CATEGORY_UID = 2;
const CLASS_UID = 2003;
/** activity_id 1 is Create: each run reports its findings afresh; type_uid = class_uid * 100 + activity_id. */
const ACTIVITY_CREATE = 1;

/** severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
const SEVERITY: Record<Severity, { id: number; caption: string }> = {
  info: { id: 1, caption: 'Informational' },
  low: { id: 2, caption: 'Low' },
  medium: { id: 3, caption: 'Medium' },
  high: { id: 4, caption: 'High' },
  critical: { id: 5, caption: 'Critical' },
};

/** status_id of the finding: 1 New for open, 3 Suppressed for one a mitigating-control exception covers. */
const STATUS = { open: { id: 1, caption: 'New' }, excepted: { id: 3, caption: 'Suppressed' } } as const;

const ms = (iso: string): number => new Date(iso).getTime();

function event(report: Report, f: Finding): object {
  const severity = SEVERITY[f.severity];
  const status = STATUS[f.status];
  const time = ms(report.run.evaluatedAt);
  return {
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    time,
    severity_id: severity.id,
    severity: severity.caption,
    status_id: status.id,
    status: status.caption,
    message: f.message,
    ...(f.exception
      ? {
          comment: `excepted by ${f.exception.id} (approved by ${f.exception.approver}, ticket ${f.exception.ticket}, until ${f.exception.expires}): ${f.exception.reason}`,
        }
      : {}),
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'demarc', vendor_name: 'demarc', version: report.tool.version },
      log_name: 'demarc-findings',
      original_time: report.run.evaluatedAt,
      uid: `${f.fingerprint}-${time}`,
    },
    finding_info: {
      uid: f.fingerprint,
      title: f.title,
      desc: [f.message, ...f.chains.map((c) => `${c.zone ? `[${c.zone}] ` : ''}${chainText(c)}`)].join('\n'),
      types: [f.kind],
      created_time: time,
      ...(f.firstSeen ? { first_seen_time: ms(f.firstSeen) } : {}),
      last_seen_time: time,
      analytic: { uid: f.ruleId, name: f.title, type_id: 1, type: 'Rule', category: f.pack },
    },
    compliance: {
      standards: [...new Set(f.controls.map((c) => c.framework))],
      requirements: f.controls.map((c) => `${c.framework} ${c.id}`),
      control: f.ruleId,
      desc: f.title,
      // The check failed for this subject (status_id 3 Fail), excepted or not: the exception mitigates, it does not pass.
      status_id: 3,
      status: 'Fail',
    },
    resources: [
      {
        uid: f.subject.id,
        name: f.subject.name,
        type: f.subject.type,
        ...(f.subject.source ? { group: { name: f.subject.source } } : {}),
        labels: f.zones.map((z) => `zone:${z}`),
        data: { zones: f.zones, chains: f.chains, ...(f.details ? { details: f.details } : {}) },
      },
    ],
    unmapped: { pack: f.pack, rule_id: f.ruleId, report_complete: report.complete },
  };
}

/**
 * A rule that could not run is a compliance check without a result: status_id 2 Warning, "did not
 * yield a result due to missing information", never a pass and never silently absent.
 */
function unchecked(report: Report, r: Report['rules'][number]): object {
  const severity = SEVERITY[r.severity];
  const time = ms(report.run.evaluatedAt);
  const incomplete = report.sources.filter((s) => !s.complete);
  return {
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    time,
    severity_id: severity.id,
    severity: severity.caption,
    status_id: STATUS.open.id,
    status: STATUS.open.caption,
    message: `rule ${r.ruleId} ${r.status}: ${r.reason ?? ''}`,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'demarc', vendor_name: 'demarc', version: report.tool.version },
      log_name: 'demarc-findings',
      original_time: report.run.evaluatedAt,
    },
    finding_info: {
      uid: `${r.status}:${r.ruleId}`,
      title: r.title,
      desc: r.reason ?? r.status,
      types: [r.kind, r.status],
      created_time: time,
      analytic: { uid: r.ruleId, name: r.title, type_id: 1, type: 'Rule', category: r.pack },
    },
    compliance: {
      standards: [...new Set(r.controls.map((c) => c.framework))],
      requirements: r.controls.map((c) => `${c.framework} ${c.id}`),
      control: r.ruleId,
      desc: r.title,
      status_id: 2,
      status: 'Warning',
      status_details: [r.reason ?? r.status],
    },
    ...(incomplete.length ? { resources: incomplete.map((s) => ({ uid: s.id, name: s.id, type: `source (${s.kind}), incomplete` })) } : {}),
    unmapped: { pack: r.pack, rule_id: r.ruleId, report_complete: report.complete },
  };
}

/**
 * OCSF 1.x Compliance Finding events, one JSON object per line, for SIEMs that ingest OCSF without a
 * custom parser (Microsoft Sentinel, Splunk, Amazon Security Lake). finding_info.uid is the finding's
 * fingerprint, so the SIEM keeps one finding across runs; the subject is the resource. Rules that
 * could not run come first, as checks without a result.
 */
export const ocsfChunks: ChunkFormatter = function* (report) {
  for (const r of report.rules) if (r.status === 'not-evaluated' || r.status === 'error') yield `${JSON.stringify(unchecked(report, r))}\n`;
  for (const f of report.findings) yield `${JSON.stringify(event(report, f))}\n`;
};

export const formatOcsf: Formatter = (report, options) => joinChunks(ocsfChunks(report, options));
