import { stringify } from 'yaml';
import type { Remediation, RemediationReport } from './remediation-schema.js';
import { mergePlans } from './prove.js';

export const REMEDIATION_FORMATS = ['table', 'json', 'plan', 'markdown'] as const;
export type RemediationFormat = (typeof REMEDIATION_FORMATS)[number];

const READ_ONLY = 'demarc does not run these commands: an administrator runs them, after the change ticket is approved.';

const headline = (r: Remediation): string =>
  r.status === 'planned'
    ? `plan, weight ${r.weight}: remove ${r.removedZones.join(', ')} access${r.homeZones.length ? `, keep ${r.homeZones.join(', ')}` : ''}`
    : r.status === 'no-cut'
      ? `no cut: ${r.reason}`
      : r.status === 'proof-failed'
        ? `NOT A FIX (rejected by the what-if check): ${r.reason}`
        : `no plan: ${r.reason}`;

/** Plain text for a terminal: per finding, the steps in words, then the commands. */
function table(rep: RemediationReport): string {
  const out: string[] = [];
  for (const r of rep.remediations) {
    out.push(`${r.ruleId} ${r.fingerprint} ${r.findingStatus === 'excepted' ? '(excepted) ' : ''}${r.message}`);
    out.push(`  ${headline(r)}`);
    r.steps.forEach((s, i) => {
      out.push(`  ${i + 1}. ${s.text}`);
      if (s.collateral.names.length)
        out.push(
          `     also loses access: ${s.collateral.names.join(', ')}${s.collateral.count > s.collateral.names.length ? ` and ${s.collateral.count - s.collateral.names.length} more` : ''}`,
        );
      for (const c of s.commands) out.push(`     $ ${c.text}`, `       (${c.doc})`);
    });
    for (const b of r.blocking ?? []) out.push(`  blocked by: ${b.text}: ${b.reason}`);
    for (const x of r.followUps ?? []) out.push(`  then ${x.text} (${x.fingerprint})`);
    if (r.proof)
      out.push(`  proven: resolves the finding, introduces none${r.followUps?.length ? ' besides the records to withdraw' : ''}`);
    out.push('');
  }
  for (const s of rep.skipped) out.push(`skipped ${s.fingerprint}: ${s.reason}`);
  if (rep.together)
    out.push(`all plans together: resolve ${rep.together.resolved} finding(s), introduce ${rep.together.introduced.length}`);
  const planned = rep.remediations.filter((r) => r.status === 'planned').length;
  out.push(`${planned} of ${rep.remediations.length} finding(s) planned. ${READ_ONLY}`);
  return `${out.join('\n')}\n`;
}

const md = (s: string): string => s.replace(/([|\\`*_[\]<>])/g, '\\$1');

function markdown(rep: RemediationReport): string {
  const out = ['# Remediation plans', '', `Generated ${rep.generatedAt}. ${READ_ONLY}`, ''];
  for (const r of rep.remediations) {
    out.push(`## ${md(r.ruleId)}: ${md(r.message)}`, '', `Finding \`${r.fingerprint}\` (${r.findingStatus}). ${md(headline(r))}.`, '');
    if (r.steps.length) {
      out.push('| # | step | weight | others who lose access |', '|---|---|---|---|');
      r.steps.forEach((s, i) =>
        out.push(
          `| ${i + 1} | ${md(s.text)} | ${s.weight} | ${s.collateral.count ? md(s.collateral.names.join(', ')) + (s.collateral.count > s.collateral.names.length ? ` and ${s.collateral.count - s.collateral.names.length} more` : '') : 'none'} |`,
        ),
      );
      out.push('', 'Equivalent administrator commands (text only):', '');
      for (const s of r.steps) for (const c of s.commands) out.push(`- \`${c.text}\` ([documentation](${c.doc}))`);
      out.push('');
    }
    if (r.blocking?.length) {
      out.push('Blocking edges:', '');
      for (const b of r.blocking) out.push(`- ${md(b.text)}: ${md(b.reason)}`);
      out.push('');
    }
    if (r.followUps?.length) {
      out.push('With the change, in the CIP records (the check reports these until they are withdrawn):', '');
      for (const x of r.followUps) out.push(`- ${md(x.text)} (\`${x.fingerprint}\`)`);
      out.push('');
    }
    if (r.proof) out.push('Proven by the what-if check: resolves the finding and introduces none.', '');
  }
  if (rep.skipped.length) {
    out.push('## Skipped', '');
    for (const s of rep.skipped) out.push(`- \`${s.fingerprint}\`: ${md(s.reason)}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** Every proven plan as one `demarc check --plan` file (YAML), the findings it clears named in comments. */
function planFile(rep: RemediationReport): string {
  const planned = rep.remediations.filter((r) => r.status === 'planned');
  const plan = mergePlans(planned.map((r) => r.plan!));
  const body = Object.fromEntries(Object.entries(plan).filter(([, v]) => Array.isArray(v) && v.length > 0));
  const head = [
    '# Remediation plan written by `demarc remediate`; check it with `demarc check --plan <this file>`.',
    `# Generated ${rep.generatedAt}. It clears:`,
    ...planned.map((r) => `#   ${r.fingerprint} ${r.ruleId}: ${r.message.replace(/\n/g, ' ')}`),
    ...(planned.some((r) => r.followUps?.length)
      ? [
          '# With it, in the CIP records (`demarc check` reports these as introduced until they are withdrawn):',
          ...planned.flatMap((r) => (r.followUps ?? []).map((x) => `#   ${x.text.replace(/\n/g, ' ')} (${x.fingerprint})`)),
        ]
      : []),
  ];
  return `${head.join('\n')}\n${stringify(body)}`;
}

export const remediationFormatters: Record<RemediationFormat, (rep: RemediationReport) => string> = {
  table,
  markdown,
  json: (rep) => `${JSON.stringify(rep, null, 2)}\n`,
  plan: planFile,
};
