import type { Finding, Report, Severity } from '../../model/findings.js';
import { lateCollectionWarning } from '../late-collection.js';
import type { ChunkFormatter, Formatter } from '../formatter.js';
import { jsonChunks, joinChunks, lazyList } from '../json-chunks.js';
import { chainText, stepText } from './chain-text.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
/** GitHub code scanning reads this property (0-10) to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

interface RuleMeta {
  ruleId: string;
  title: string;
  severity: Severity;
  kind: string;
  pack: string;
  controls: Finding['controls'];
  rationale?: string;
  remediation?: string;
}

function ruleDescriptor(r: RuleMeta): object {
  const help = [
    r.rationale && `Why: ${r.rationale}`,
    r.remediation && `Fix: ${r.remediation}`,
    `Controls: ${r.controls.map((c) => `${c.framework} ${c.id}`).join('; ')}`,
  ].filter(Boolean) as string[];
  return {
    id: r.ruleId,
    name: r.title,
    shortDescription: { text: r.title },
    fullDescription: { text: r.rationale ?? r.title },
    help: {
      text: help.join('\n'),
      markdown: [
        r.rationale && `**Why.** ${r.rationale}`,
        r.remediation && `**Fix.** ${r.remediation}`,
        `**Controls.** ${r.controls.map((c) => `${c.framework} ${c.id}`).join('; ')}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
    },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      tags: ['security', r.kind, ...r.controls.map((c) => `${c.framework} ${c.id}`)],
      'security-severity': SECURITY_SEVERITY[r.severity],
      pack: r.pack,
    },
  };
}

/**
 * Findings are about directory objects, not files, but code-scanning services reject a result without
 * a file: each result is anchored at the policy pack that defines its rule (a relative path as given,
 * else the file name), with the subject as the logical location.
 */
export function packUri(report: Report, pack: string): string {
  const file = (report.run.policies.find((p) => p.pack === pack) ?? report.run.policies[0])?.file ?? 'demarc.yaml';
  const path = file.replace(/\\/g, '/');
  return encodeURI(path.startsWith('/') || /^[A-Za-z]:\//.test(path) ? path.slice(path.lastIndexOf('/') + 1) : path);
}

const subjectLocation = (f: Finding, uri: string): object => ({
  physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
  logicalLocations: [
    {
      name: f.subject.name,
      fullyQualifiedName: [f.subject.type, f.subject.source, f.subject.id].filter(Boolean).join('/'),
      kind: f.subject.type,
    },
  ],
});

function result(f: Finding, ruleIndex: number, evaluatedAt: string, uri: string): object {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: [f.message, ...f.chains.map((c) => `${c.zone ? `[${c.zone}] ` : ''}${chainText(c)}`)].join('\n') },
    locations: [subjectLocation(f, uri)],
    partialFingerprints: { 'demarcFinding/v1': f.fingerprint },
    ...(f.chains.length
      ? {
          codeFlows: [
            {
              message: { text: 'membership chains that grant the access' },
              threadFlows: f.chains.map((c) => ({
                ...(c.zone ? { message: { text: `grants ${c.zone}` } } : {}),
                locations: c.steps.map((s) => ({
                  location: {
                    logicalLocations: [
                      { name: s.name, fullyQualifiedName: [s.type, s.source, s.id].filter(Boolean).join('/'), kind: s.type },
                    ],
                    message: { text: `${s.via ? `${s.via}: ` : ''}${stepText(s)}` },
                  },
                })),
              })),
            },
          ],
        }
      : {}),
    ...(f.status === 'excepted' && f.exception
      ? {
          suppressions: [
            {
              kind: 'external',
              state: 'accepted',
              justification: `${f.exception.reason} (exception ${f.exception.id}, approved by ${f.exception.approver}, ticket ${f.exception.ticket}, until ${f.exception.expires})`,
              properties: {
                exception: f.exception.id,
                approver: f.exception.approver,
                ticket: f.exception.ticket,
                expires: f.exception.expires,
              },
            },
          ],
        }
      : {}),
    ...(f.firstSeen
      ? {
          baselineState: f.firstSeen === evaluatedAt ? 'new' : 'unchanged',
          provenance: { firstDetectionTimeUtc: f.firstSeen, lastDetectionTimeUtc: evaluatedAt },
        }
      : {}),
    properties: {
      subject: f.subject,
      zones: f.zones,
      severity: f.severity,
      controls: f.controls.map((c) => `${c.framework} ${c.id}`),
      ...(f.details ? { details: f.details } : {}),
    },
  };
}

/**
 * SARIF 2.1.0 for code-scanning dashboards: rules with help text (rationale, remediation, controls),
 * one result per finding on the subject's logical location, chains as code flows, the fingerprint in
 * partialFingerprints, excepted findings as accepted external suppressions with their justification,
 * and rules that could not run, or incomplete sources, as tool notifications (the invocation is then
 * not successful).
 */
export const sarifChunks: ChunkFormatter = function* (report) {
  yield* jsonChunks(sarifLog(report), SARIF_RESULT_DEPTH);
  yield '\n';
};

export const formatSarif: Formatter = (report, options) => joinChunks(sarifChunks(report, options));

/** log, runs, the run, its results: opened; each result is written whole. */
const SARIF_RESULT_DEPTH = 4;

/** The SARIF log, its results a lazy list made one at a time as it is written. */
export function sarifLog(report: Report): object {
  const metas: RuleMeta[] = report.rules.map((r) => ({ ...r }));
  const index = new Map(metas.map((m, i) => [m.ruleId, i]));
  for (const f of report.findings) {
    if (!index.has(f.ruleId)) {
      index.set(f.ruleId, metas.length);
      metas.push({ ruleId: f.ruleId, title: f.title, severity: f.severity, kind: f.kind, pack: f.pack, controls: f.controls });
    }
  }
  const uris = new Map<string, string>();
  const uriOf = (pack: string): string => {
    let u = uris.get(pack);
    if (u === undefined) uris.set(pack, (u = packUri(report, pack)));
    return u;
  };
  const notifications = [
    ...report.rules
      .filter((r) => r.status === 'not-evaluated' || r.status === 'error')
      .map((r) => ({
        level: r.status === 'error' ? 'error' : 'warning',
        message: { text: `rule ${r.ruleId} ${r.status}: ${r.reason ?? ''}` },
        associatedRule: { id: r.ruleId, index: index.get(r.ruleId)! },
      })),
    ...report.sources
      .filter((s) => !s.complete)
      .map((s) => ({
        level: 'error',
        message: {
          text: `source ${s.id} is incomplete: ${s.problems
            .filter((p) => p.level === 'incomplete')
            .map((p) => p.message)
            .join('; ')}`,
        },
      })),
    ...[lateCollectionWarning(report)].filter((t) => t !== undefined).map((text) => ({ level: 'warning', message: { text } })),
    ...report.sources.flatMap((s) =>
      s.notCollected.map((n) => ({ level: 'note', message: { text: `source ${s.id}: ${n.what} not collected, because ${n.reason}` } })),
    ),
  ];
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'demarc', version: report.tool.version, semanticVersion: report.tool.version, rules: metas.map(ruleDescriptor) },
        },
        automationDetails: { id: `demarc/${report.run.evaluatedAt}` },
        invocations: [
          {
            executionSuccessful: report.complete,
            endTimeUtc: report.run.evaluatedAt,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results: lazyList(report.findings, (f) => result(f, index.get(f.ruleId)!, report.run.evaluatedAt, uriOf(f.pack))),
        properties: {
          complete: report.complete,
          snapshotCreatedAt: report.run.snapshotCreatedAt,
          summary: report.summary,
          sources: report.sources.map((s) => ({ id: s.id, kind: s.kind, complete: s.complete })),
        },
      },
    ],
  };
  return log;
}
