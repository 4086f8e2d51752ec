import type { Finding } from '../../model/findings.js';
import { csvRow } from '../../util/escape.js';
import type { ChunkFormatter, Formatter } from '../formatter.js';
import { joinChunks } from '../json-chunks.js';
import { chainText } from './chain-text.js';

export const CSV_COLUMNS = [
  'fingerprint',
  'status',
  'severity',
  'rule_id',
  'rule_title',
  'pack',
  'kind',
  'subject_type',
  'subject_id',
  'subject_name',
  'subject_source',
  'zones',
  'message',
  'chains',
  'controls',
  'exception_id',
  'exception_reason',
  'exception_approver',
  'exception_ticket',
  'exception_expires',
  'first_seen',
] as const;

const row = (f: Finding): string[] => [
  f.fingerprint,
  f.status,
  f.severity,
  f.ruleId,
  f.title,
  f.pack,
  f.kind,
  f.subject.type,
  f.subject.id,
  f.subject.name,
  f.subject.source ?? '',
  f.zones.join(';'),
  f.message,
  f.chains.map((c) => `${c.zone ? `[${c.zone}] ` : ''}${chainText(c)}`).join(' | '),
  f.controls.map((c) => `${c.framework} ${c.id}`).join('; '),
  f.exception?.id ?? '',
  f.exception?.reason ?? '',
  f.exception?.approver ?? '',
  f.exception?.ticket ?? '',
  f.exception?.expires ?? '',
  f.firstSeen ?? '',
];

/** One row per finding (open and excepted), header first, CRLF line ends (RFC 4180), UTF-8. */
export const csvChunks: ChunkFormatter = function* (report) {
  yield csvRow(CSV_COLUMNS);
  for (const f of report.findings) yield csvRow(row(f));
};

export const formatCsv: Formatter = (report, options) => joinChunks(csvChunks(report, options));
