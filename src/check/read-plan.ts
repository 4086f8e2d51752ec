import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { readCsv } from '../connectors/csv/read-csv.js';
import { parseDocument } from '../util/parse-document.js';
import { InputError, InputErrors, fileErrorCode } from '../util/errors.js';
import { Plan, type PlanInput } from './plan-schema.js';
import { nearest } from '../util/nearest.js';

const opt = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** One CSV row: `action` says what the row adds to the plan; `target` names what it acts on. */
const CsvRow = z.discriminatedUnion('action', [
  z.object({ action: z.literal('person'), target: z.string().min(1) }),
  z.object({
    action: z.literal('new-person'),
    target: z.string().min(1),
    name: z.string().min(1),
    email: opt,
    employeeId: opt,
    department: opt,
    title: opt,
  }),
  z.object({
    action: z.literal('account'),
    target: z.string().regex(/^[^:]+:.+$/, 'source:name'),
    type: z
      .enum(['user', 'guest', 'service', 'servicePrincipal'])
      .optional()
      .or(z.literal('').transform(() => undefined)),
  }),
  z.object({ action: z.literal('add-member'), target: z.string().min(1), member: opt }),
  z.object({ action: z.literal('remove-member'), target: z.string().min(1), member: opt }),
  z.object({
    action: z.literal('add-role'),
    target: z.string().min(1),
    member: opt,
    state: z
      .enum(['active', 'eligible'])
      .optional()
      .or(z.literal('').transform(() => undefined)),
  }),
  z.object({ action: z.literal('tool-identity'), target: z.string().min(1), member: z.string().min(1), zone: opt, name: opt }),
]);

/** Builds a plan from CSV rows (see docs/onboarding-check.md); every bad row is reported with its line. */
export async function readCsvPlan(path: string): Promise<Plan> {
  const csv = await readCsv(path);
  if (!csv.header.includes('action') || !csv.header.includes('target')) {
    throw new InputError(
      'a CSV plan needs the columns "action" and "target"',
      { file: path, line: 1 },
      'see fixtures/plans/onboarding.csv',
    );
  }
  // A column no action reads would be dropped without a word (a "colour" meant as a "zone"): refused.
  const columns = [...new Set(CsvRow.options.flatMap((o) => Object.keys(o.shape)))];
  const unknown = csv.header.filter((h) => !columns.includes(h));
  if (unknown.length > 0) {
    const guess = nearest(unknown[0]!, columns);
    throw new InputError(
      `unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')} in the plan`,
      { file: path, line: 1 },
      `${guess ? `did you mean "${guess}"? ` : ''}the columns of a CSV plan are ${columns.join(', ')}`,
    );
  }
  const plan: PlanInput = { accounts: [], addMembers: [], removeMembers: [], addRoles: [], tools: [] };
  const errors: InputError[] = [];
  for (const row of csv.rows) {
    const parsed = CsvRow.safeParse(row.values);
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        errors.push(
          new InputError(
            i.message,
            { file: path, line: row.line, path: i.path.join('.') || 'action' },
            i.path[0] === 'action'
              ? 'action is one of person, new-person, account, add-member, remove-member, add-role, tool-identity'
              : undefined,
          ),
        );
      continue;
    }
    const r = parsed.data;
    const ref = (m: string | undefined) => (m ? { member: m } : {});
    if (r.action === 'person') plan.person = r.target;
    else if (r.action === 'new-person')
      plan.newPerson = { id: r.target, name: r.name, email: r.email, employeeId: r.employeeId, department: r.department, title: r.title };
    else if (r.action === 'account') {
      const colon = r.target.indexOf(':');
      plan.accounts!.push({ source: r.target.slice(0, colon), name: r.target.slice(colon + 1), ...(r.type ? { type: r.type } : {}) });
    } else if (r.action === 'add-member') plan.addMembers!.push({ group: r.target, ...ref(r.member) });
    else if (r.action === 'remove-member') plan.removeMembers!.push({ group: r.target, ...ref(r.member) });
    else if (r.action === 'add-role') plan.addRoles!.push({ role: r.target, ...ref(r.member), ...(r.state ? { state: r.state } : {}) });
    else {
      const colon = r.member.indexOf(':');
      const identity = colon > 0 ? { source: r.member.slice(0, colon), ref: r.member.slice(colon + 1) } : { ref: r.member };
      const existing = plan.tools!.find((t) => t.id === r.target);
      if (existing) existing.identities.push(identity);
      else
        plan.tools!.push({
          id: r.target,
          ...(r.zone ? { zone: r.zone } : {}),
          ...(r.name ? { name: r.name } : {}),
          identities: [identity],
        });
    }
  }
  if (errors.length) throw new InputErrors(errors);
  const result = Plan.safeParse(plan);
  if (!result.success)
    throw new InputErrors(result.error.issues.map((i) => new InputError(i.message, { file: path, path: i.path.join('.') })));
  return result.data;
}

/** Reads a plan file: `.csv` as rows of actions, anything else as YAML or JSON. */
export async function readPlan(path: string): Promise<Plan> {
  if (path.toLowerCase().endsWith('.csv')) return readCsvPlan(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read plan: ${fileErrorCode(e)}`, { file: path });
  }
  return parseDocument(text, path, Plan);
}
