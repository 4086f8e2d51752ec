import type { Chain, ChainStep, Finding, Report } from '../../model/findings.js';
import { htmlEscape } from '../../util/escape.js';
import { lateCollectionWarning } from '../late-collection.js';
import type { Formatter } from '../formatter.js';

const VIA: Record<NonNullable<ChainStep['via']>, string> = {
  member: 'member of',
  'primary-group': 'primary group',
  'foreign-principal': 'foreign principal',
  'role-active': 'role',
  'role-eligible': 'eligible (PIM)',
  owner: 'owner of',
  'group-owner': 'owner of',
  correlated: 'account',
  'account-in-source': 'account in',
  identity: 'runs as',
  'app-owner-tenant': 'registered in',
  trust: 'trusts',
};

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1d232a;background:#fafbfc}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
.meta{color:#5b6670}.warn{background:#fde8e8;border:1px solid #e0a0a0;padding:.75rem 1rem;border-radius:6px;margin:1rem 0}
table{border-collapse:collapse;margin:.5rem 0;background:#fff}td,th{border:1px solid #d8dee4;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f0f3f6}.num{text-align:right}
.sev{display:inline-block;min-width:5.5em;text-align:center;border-radius:4px;padding:0 .3em;font-weight:600;font-size:.8rem;color:#fff}
.critical{background:#8b0000}.high{background:#c0392b}.medium{background:#d68910}.low{background:#2874a6}.info{background:#7f8c8d}
.finding{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
.finding.excepted{opacity:.75;border-style:dashed}.new{color:#c0392b;font-weight:600}
.chain{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem;margin:.5rem 0}
.step{border:1px solid #9aa5b1;border-radius:6px;padding:.2rem .5rem;background:#f6f8fa}
.step small{display:block;color:#5b6670;font-size:.72rem}
.step.grants{border-width:2px;border-color:#c0392b;background:#fff4f2}
.arrow{color:#5b6670;font-size:.75rem;text-align:center;padding:0 .15rem}
.arrow::after{content:"\\2192";display:block;font-size:1.1rem;color:#1d232a}
.zone{display:inline-block;border-radius:10px;padding:0 .5em;background:#e8eef4;font-size:.8rem;margin-right:.3em}
`;

function stepBox(s: ChainStep): string {
  const sub = [s.type, s.source].filter(Boolean).join(' · ');
  const grants = s.grants?.length ? `<small>grants ${htmlEscape(s.grants.join(', '))}</small>` : '';
  return `<span class="step${s.grants?.length ? ' grants' : ''}" title="${htmlEscape(s.id)}"><small>${htmlEscape(sub)}</small>${htmlEscape(s.name)}${grants}</span>`;
}

/** A chain drawn as a path of boxes, each arrow labelled with how the next step is reached. */
const chainPath = (c: Chain): string =>
  `<div class="chain">${c.zone ? `<span class="zone">${htmlEscape(c.zone)}</span>` : ''}${c.steps
    .map((s, i) => (i === 0 ? stepBox(s) : `<span class="arrow">${htmlEscape(s.via ? VIA[s.via] : '')}</span>${stepBox(s)}`))
    .join('')}</div>`;

function findingCard(f: Finding, evaluatedAt: string): string {
  const isNew = f.firstSeen !== undefined && f.firstSeen === evaluatedAt;
  const exc = f.exception
    ? `<p>Excepted by <b>${htmlEscape(f.exception.id)}</b>: ${htmlEscape(f.exception.reason)} (approved by ${htmlEscape(f.exception.approver)}, ${htmlEscape(f.exception.ticket)}, until ${htmlEscape(f.exception.expires)})</p>`
    : '';
  return `<div class="finding ${f.status}"><div><span class="sev ${f.severity}">${f.severity.toUpperCase()}</span> <b>${htmlEscape(f.ruleId)}</b> ${htmlEscape(f.message)}${isNew ? ' <span class="new">new</span>' : ''}</div>
${f.chains.map(chainPath).join('\n')}${exc}<div class="meta">${htmlEscape(f.controls.map((c) => `${c.framework} ${c.id}`).join('; '))} · fingerprint ${htmlEscape(f.fingerprint)}${f.firstSeen ? ` · first seen ${htmlEscape(f.firstSeen)}` : ''}</div></div>`;
}

function countBy<T>(xs: T[], key: (x: T) => string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const x of xs) for (const k of key(x)) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * One self-contained HTML file: summary by zone and by rule, then every finding with its chains drawn
 * as paths. No script and no external resource (the content security policy forbids both); every
 * value from the estate is escaped.
 */
export const formatHtml: Formatter = (report: Report) => {
  const open = report.findings.filter((f) => f.status === 'open');
  const excepted = report.findings.filter((f) => f.status === 'excepted');
  const s = report.summary;
  const byZone = countBy(open, (f) => f.zones);
  const rows = (pairs: [string, number][]): string =>
    pairs.map(([k, n]) => `<tr><td>${htmlEscape(k)}</td><td class="num">${n}</td></tr>`).join('');
  const warn = report.complete
    ? ''
    : `<div class="warn"><b>INCOMPLETE.</b> Some data was not collected or some rules could not run: this result is not a clean bill of health.<ul>${[
        ...report.sources
          .filter((x) => !x.complete)
          .map(
            (x) =>
              `source ${x.id}: ${x.problems
                .filter((p) => p.level === 'incomplete')
                .map((p) => p.message)
                .join('; ')}`,
          ),
        ...report.rules
          .filter((r) => r.status === 'not-evaluated' || r.status === 'error')
          .map((r) => `rule ${r.ruleId} ${r.status}: ${r.reason ?? ''}`),
      ]
        .map((t) => `<li>${htmlEscape(t)}</li>`)
        .join('')}</ul></div>`;
  const late = lateCollectionWarning(report);
  const lateWarn = late ? `<div class="warn"><b>Evaluated before the data.</b> ${htmlEscape(late)}</div>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>demarc report ${htmlEscape(report.run.evaluatedAt)}</title><style>${STYLE}</style></head><body>
<h1>demarc: ${open.length} open finding${open.length === 1 ? '' : 's'}</h1>
<p class="meta">Evaluated ${htmlEscape(report.run.evaluatedAt)} (${htmlEscape(report.run.timeZone)}) on a snapshot of ${htmlEscape(report.run.snapshotCreatedAt)} · ${s.persons} persons, ${s.accounts} accounts, ${s.groups} groups in ${report.sources.length} sources · ${s.excepted} excepted · demarc ${htmlEscape(report.tool.version)}</p>
${warn}${lateWarn}
<h2>Summary by zone</h2><table><tr><th>Zone</th><th>Open findings</th></tr>${rows(byZone) || '<tr><td colspan="2">none</td></tr>'}</table>
<h2>Summary by rule</h2><table><tr><th>Rule</th><th>Title</th><th>Severity</th><th>Status</th><th>Findings</th></tr>${report.rules
    .map(
      (r) =>
        `<tr><td>${htmlEscape(r.ruleId)}</td><td>${htmlEscape(r.title)}${r.reason ? `<br><small>${htmlEscape(r.reason)}</small>` : ''}</td><td><span class="sev ${r.severity}">${r.severity}</span></td><td>${htmlEscape(r.status)}</td><td class="num">${r.findings}</td></tr>`,
    )
    .join('')}</table>
<h2>Open findings</h2>
${open.map((f) => findingCard(f, report.run.evaluatedAt)).join('\n') || '<p>None.</p>'}
${excepted.length ? `<h2>Excepted (kept for the record)</h2>\n${excepted.map((f) => findingCard(f, report.run.evaluatedAt)).join('\n')}` : ''}
<h2>Sources</h2><table><tr><th>Source</th><th>Kind</th><th>Collected</th><th>Complete</th><th>Counts</th><th>Not collected</th></tr>${report.sources
    .map(
      (x) =>
        `<tr><td>${htmlEscape(x.id)}</td><td>${htmlEscape(x.kind)}</td><td>${htmlEscape(x.collectedAt)}</td><td>${x.complete ? 'yes' : '<b>NO</b>'}</td><td>${htmlEscape(
          Object.entries(x.counts)
            .map(([k, v]) => `${v} ${k}`)
            .join(', '),
        )}</td><td>${x.notCollected.map((n) => `${htmlEscape(n.what)}: ${htmlEscape(n.reason)}`).join('<br>')}</td></tr>`,
    )
    .join('')}</table>
</body></html>
`;
};
